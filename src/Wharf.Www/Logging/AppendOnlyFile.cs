using System.Runtime.InteropServices;

namespace Wharf.Www.Logging;

/// <summary>
/// A log file opened with O_APPEND, written with write(2). FileStream cannot do this: its Append
/// mode seeks to the end once and then writes at its own idea of the offset, so the old and the
/// new process of an overlapped restart, both appending to the same u_ex file, would overwrite
/// each other. With O_APPEND the kernel puts every write at the end, and since each write holds
/// whole lines only, two writers' lines never interleave within a line.
/// </summary>
internal sealed unsafe partial class AppendOnlyFile : IDisposable
{
    // The same on x86-64 and ARM64 Linux.
    private const int O_WRONLY = 1;
    private const int O_CREAT = 0x40;
    private const int O_APPEND = 0x400;
    private const int O_CLOEXEC = 0x80000;
    private const int EINTR = 4;

    private int _fd;

    private AppendOnlyFile(string path, int fd, long length)
    {
        Path = path;
        _fd = fd;
        Length = length;
    }

    public string Path { get; }

    /// <summary>The size when opened plus what this process wrote since (another writer may have added more).</summary>
    public long Length { get; private set; }

    /// <summary>Opens (creating the file, mode 0644, and its folder as needed) for appending.</summary>
    public static AppendOnlyFile Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        int fd;
        do fd = OpenCore(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0b110_100_100);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (fd < 0) throw Failure($"cannot open {path} for appending");
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (IOException)
        {
            length = 0;
        }
        return new AppendOnlyFile(path, fd, length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* start = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var written = WriteCore(_fd, start + done, bytes.Length - done);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR) continue;
                    throw Failure($"cannot write to {Path}");
                }
                done += (int)written;
            }
        }
        Length += bytes.Length;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) CloseCore(fd);
    }

    private static IOException Failure(string what) => new($"{what}: {Marshal.GetLastPInvokeErrorMessage()}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCore(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCore(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseCore(int fd);
}
