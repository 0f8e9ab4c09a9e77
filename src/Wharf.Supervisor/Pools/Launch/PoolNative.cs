using System.Runtime.InteropServices;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>The few calls the worker launch and adoption need beyond Wharf.Hosting's Libc.</summary>
internal static partial class PoolNative
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchown(SafeHandle fd, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    /// <summary>The exit of a waitpid status as the lifecycle reads it: a code, or the signal that ended it.</summary>
    public static (int? Code, int? Signal) Decode(int status) =>
        (status & 0x7f) == 0 ? ((status >> 8) & 0xff, null) : (null, status & 0x7f);
}
