using System.Runtime.InteropServices;

namespace Wharf.Config.Store;

/// <summary>
/// libc calls the store needs and .NET does not give: flock on a descriptor .NET has not already
/// locked itself (a FileStream takes a non-blocking flock of its own on Unix, which would fail
/// while another process holds the store's lock), and an O_APPEND write for the audit log.
/// </summary>
internal static unsafe partial class StoreNative
{
    // The same on x86-64 and ARM64 Linux.
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;
    public const int LOCK_EX = 2;
    private const int EINTR = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCore(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockCore(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCore(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncCore(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static int Open(string path, int flags, uint mode, string purpose)
    {
        int fd;
        do fd = OpenCore(path, flags | O_CLOEXEC, mode);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        return fd >= 0 ? fd : throw Failure($"cannot open {path} {purpose}");
    }

    /// <summary>Blocks until the lock is ours; the kernel drops it when the descriptor closes or the process dies.</summary>
    public static void Flock(int fd, int operation, string path)
    {
        int result;
        do result = FlockCore(fd, operation);
        while (result != 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (result != 0) throw Failure($"cannot lock {path}");
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> bytes, string path)
    {
        fixed (byte* start = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var written = WriteCore(fd, start + done, bytes.Length - done);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR) continue;
                    throw Failure($"cannot write to {path}");
                }
                done += (int)written;
            }
        }
    }

    public static void Fsync(int fd, string path)
    {
        int result;
        do result = FsyncCore(fd);
        while (result != 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (result != 0) throw Failure($"cannot flush {path}");
    }

    private static IOException Failure(string what) => new($"{what}: {Marshal.GetLastPInvokeErrorMessage()}");
}
