using System.Runtime.InteropServices;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>The few calls the worker launch and adoption need beyond Wharf.Hosting's Libc.</summary>
internal static partial class PoolNative
{
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int EINTR = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchown(SafeHandle fd, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(Span<int> fds, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    /// <summary>The exit of a waitpid status as the lifecycle reads it: a code, or the signal that ended it.</summary>
    public static (int? Code, int? Signal) Decode(int status) =>
        (status & 0x7f) == 0 ? ((status >> 8) & 0xff, null) : (null, status & 0x7f);

    /// <summary>A pipe, both ends close-on-exec: (read, write).</summary>
    public static (int Read, int Write) Pipe()
    {
        Span<int> fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0) throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        return (fds[0], fds[1]);
    }
}
