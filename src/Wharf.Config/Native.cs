using System.Runtime.InteropServices;

namespace Wharf.Config;

/// <summary>The Linux calls .NET does not expose: .NET cannot open a folder to fsync it.</summary>
internal static partial class Native
{
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;
    private const int EINTR = 4;
    private const int EINVAL = 22;

    // O_DIRECTORY differs by architecture: 0200000 on x86-64, 040000 on ARM.
    private static readonly int O_DIRECTORY =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Flush a folder's entries (a rename, a new file) to disk.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"cannot open the folder {path} to flush it: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            int result;
            do result = Fsync(fd);
            while (result != 0 && Marshal.GetLastPInvokeError() == EINTR);
            // Some file systems cannot fsync a folder (EINVAL); their renames are as durable as they get.
            if (result != 0 && Marshal.GetLastPInvokeError() != EINVAL)
                throw new IOException($"cannot flush the folder {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            Close(fd);
        }
    }
}
