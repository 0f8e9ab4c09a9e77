using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Config.Store;

namespace Wharf.Config.Accounts;

/// <summary>
/// One JSON document of the admin service's state (accounts, tokens, sessions): read through a
/// cache that a stat keeps honest, changed only under an flock on the folder's <c>.lock</c> (an
/// old and a new admin process overlap in a restart, and either may take a change), written to
/// a temporary file, flushed, renamed and the folder flushed, owner-only (0600).
/// </summary>
public sealed class StateFile<T>(string path, JsonTypeInfo<T> type, T empty)
    where T : class
{
    private const uint OwnerOnly = 0b110_000_000;
    private readonly Lock _lock = new();
    private (FileStamp Stamp, T Value)? _cached;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public bool Exists => File.Exists(Path);

    /// <summary>The document as on disk now; <c>empty</c> when there is no file.</summary>
    /// <exception cref="IOException">The file cannot be read or is not this document.</exception>
    public T Read()
    {
        var stamp = FileStamp.Of(Path);
        lock (_lock)
        {
            if (_cached is { } cached && cached.Stamp == stamp) return cached.Value;
            var value = stamp.Exists ? Parse(File.ReadAllBytes(Path)) : empty;
            _cached = (stamp, value);
            return value;
        }
    }

    /// <summary>Reads, changes and writes the document under the lock; the change returns null to write nothing.</summary>
    public TResult Update<TResult>(Func<T, (T? Next, TResult Result)> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        using var held = StoreLock.Acquire(System.IO.Path.Combine(folder, StoreLock.FileName));
        var current = File.Exists(Path) ? Parse(File.ReadAllBytes(Path)) : empty;
        var (next, result) = change(current);
        if (next is not null) Write(next);
        return result;
    }

    /// <summary>Writes a new document whole, replacing any.</summary>
    public void Write(T value)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        var temporary = $"{Path}.tmp-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";
        var fd = StoreNative.Open(temporary, StoreNative.O_WRONLY | StoreNative.O_CREAT | StoreNative.O_TRUNC, OwnerOnly, "to save the admin service's state");
        try
        {
            StoreNative.WriteAll(fd, JsonSerializer.SerializeToUtf8Bytes(value, type), temporary);
            StoreNative.Fsync(fd, temporary);
        }
        finally
        {
            StoreNative.Close(fd);
        }
        File.Move(temporary, Path, overwrite: true);
        Native.FsyncDirectory(folder);
    }

    private T Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new IOException($"{Path} holds null");
        }
        catch (JsonException e)
        {
            throw new IOException($"{Path} is not readable: {e.Message}", e);
        }
    }

    // Every write is a new file renamed in, stamped to the nanosecond by the file system.
    private readonly record struct FileStamp(bool Exists, long Length, DateTime Written)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new(true, info.Length, info.LastWriteTimeUtc) : default;
        }
    }
}
