using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// One of a worker's output files, rolled by size: NAME.1 is the newest old file, NAME.KEEP the
/// oldest, and no more are kept, so a worker that writes without end cannot fill the disk. The
/// files are created with <paramref name="mode"/> and, when given, group <paramref name="group"/>
/// (the administrators'), never the worker's account: a worker cannot rewrite what it logged.
/// Not thread-safe: one writer per file.
/// </summary>
internal sealed class RotatingLogFile(string path, long maxBytes, int keep, UnixFileMode mode, uint? group) : IDisposable
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int DefaultKeep = 5;

    private FileStream? _stream;

    public string Path => path;

    /// <summary>Writes the bytes whole into the current file, rolling first if they would pass the limit.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var stream = _stream ??= Open();
        if (stream.Length > 0 && stream.Length + bytes.Length > maxBytes)
        {
            stream.Dispose();
            _stream = null;
            Roll();
            stream = _stream = Open();
        }
        stream.Write(bytes);
        stream.Flush();
    }

    private FileStream Open()
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = mode,
        });
        // The mode only applies to a file created now; an older one is put right too.
        File.SetUnixFileMode(stream.SafeFileHandle, mode);
        if (group is { } gid && Libc.geteuid() == 0) PoolNative.fchown(stream.SafeFileHandle, 0, gid);
        return stream;
    }

    private void Roll()
    {
        File.Delete($"{path}.{keep}");
        for (var i = keep - 1; i >= 1; i--)
            if (File.Exists($"{path}.{i}")) File.Move($"{path}.{i}", $"{path}.{i + 1}");
        File.Move(path, $"{path}.1");
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
