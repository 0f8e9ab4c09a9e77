using System.Collections.Concurrent;

namespace Wharf.Www.Static;

/// <summary>
/// The output cache of the www process, shared by every site and configuration snapshot, by real
/// path (IIS's kernel-mode cache answers the same need). A hot file costs a dictionary lookup:
/// its bytes and formatted headers are kept, and the disk is asked again (one stat) at most once
/// a second per file, so a changed file is served fresh within about a second. Memory is
/// bounded: only files up to <see cref="MaxCachedFileSize"/> keep their bytes, and bytes
/// (compressed forms included) up to <see cref="MaxTotalBytes"/> in all; a file that does not
/// fit is read from disk per request. Larger files keep only their metadata.
/// </summary>
internal sealed class FileCache
{
    public const long MaxCachedFileSize = 256 * 1024;
    public const long MaxTotalBytes = 64L * 1024 * 1024;
    /// <summary>Larger files are never compressed (the compressed form would be read whole first).</summary>
    public const long MaxCompressedSourceSize = 32L * 1024 * 1024;
    public const int MaxEntries = 16_384;
    public const long RecheckMilliseconds = 1000;
    // An entry asked for by nobody for this long is dropped when room is needed.
    private const long IdleMilliseconds = 30_000;

    private readonly ConcurrentDictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private long _bytes;
    private long _lastSweep;

    public static FileCache Shared { get; } = new();

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count => _files.Count;

    /// <summary>The current version of a regular file, or null when there is none at that real path.</summary>
    public FileVersion? Get(string realPath, long now)
    {
        if (_files.TryGetValue(realPath, out var file))
        {
            var checkedAt = Volatile.Read(ref file.CheckedAt);
            if (now - checkedAt < RecheckMilliseconds) return file.Current;
            // One request looks at the disk; the others meanwhile serve what is cached.
            if (Interlocked.CompareExchange(ref file.CheckedAt, now, checkedAt) != checkedAt) return file.Current;
            return Refresh(file);
        }
        return Load(realPath, now);
    }

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _bytes, bytes) <= MaxTotalBytes) return true;
        Interlocked.Add(ref _bytes, -bytes);
        Sweep(Environment.TickCount64);
        if (Interlocked.Add(ref _bytes, bytes) <= MaxTotalBytes) return true;
        Interlocked.Add(ref _bytes, -bytes);
        return false;
    }

    private FileVersion? Refresh(CachedFile file)
    {
        var current = file.Current;
        var info = new FileInfo(current.RealPath);
        if (!info.Exists)
        {
            Remove(file);
            return null;
        }
        if (current.IsSameFile(info.Length, info.LastWriteTimeUtc)) return current;
        var fresh = Read(current.RealPath);
        if (fresh is null)
        {
            Remove(file);
            return null;
        }
        file.Current = fresh;
        Release(current);
        return fresh;
    }

    private FileVersion? Load(string realPath, long now)
    {
        var version = Read(realPath);
        if (version is null) return null;
        if (_files.Count >= MaxEntries)
        {
            Sweep(now);
            // Still full: serve this one without keeping it.
            if (_files.Count >= MaxEntries)
            {
                Release(version);
                return version;
            }
        }
        var file = new CachedFile(version, now);
        var winner = _files.GetOrAdd(realPath, file);
        if (!ReferenceEquals(winner, file)) Release(version);
        return winner.Current;
    }

    /// <summary>Reads the file's metadata (and its bytes when small and there is room) from one open handle, so they agree.</summary>
    private FileVersion? Read(string realPath)
    {
        try
        {
            if (Directory.Exists(realPath)) return null;
            using var handle = File.OpenHandle(realPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            var lastWrite = File.GetLastWriteTimeUtc(handle);
            byte[]? bytes = null;
            if (length <= MaxCachedFileSize && TryReserve(length))
            {
                bytes = new byte[length];
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                    if (n == 0) break;
                    read += n;
                }
                if (read < bytes.Length)
                {
                    // Truncated while we read: take what is there now, next time.
                    Interlocked.Add(ref _bytes, -length);
                    return null;
                }
            }
            return new FileVersion(realPath, length, lastWrite, bytes);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        catch (IOException) { return null; }
    }

    private void Remove(CachedFile file)
    {
        if (_files.TryRemove(new KeyValuePair<string, CachedFile>(file.Current.RealPath, file))) Release(file.Current);
    }

    private void Release(FileVersion version) => Interlocked.Add(ref _bytes, -version.Retire());

    internal void Unreserve(long bytes) => Interlocked.Add(ref _bytes, -bytes);

    /// <summary>Drops entries nobody asked for lately (an entry is checked again only when asked for, so its last check is its last use, to the second).</summary>
    private void Sweep(long now)
    {
        // At most once a second: when the budget is full of busy files, a sweep per request would cost more than it frees.
        var last = Volatile.Read(ref _lastSweep);
        if (now - last < RecheckMilliseconds || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var (_, file) in _files)
            if (now - Volatile.Read(ref file.CheckedAt) > IdleMilliseconds) Remove(file);
    }

    private sealed class CachedFile(FileVersion current, long checkedAt)
    {
        public volatile FileVersion Current = current;
        public long CheckedAt = checkedAt;
    }
}
