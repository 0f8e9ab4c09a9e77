using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Wharf.Www.Static;

/// <summary>
/// One version of one file as last seen on disk: its length, dates and validators, formatted
/// once, and for a small file its bytes, so a hot file is answered from memory with headers
/// that are ready. Immutable except for the compressed forms, which are made on first demand.
/// </summary>
internal sealed class FileVersion
{
    private Task<CompressedForm?>? _gzip;
    private Task<CompressedForm?>? _brotli;
    private readonly Lock _lock = new();
    private bool _retired;

    public FileVersion(string realPath, long length, DateTime lastWriteUtc, byte[]? bytes, bool kept = true)
    {
        Kept = kept;
        RealPath = realPath;
        Length = length;
        LastWriteUtc = lastWriteUtc;
        // HTTP dates have whole seconds; comparisons (If-Modified-Since) use the same value as the header.
        LastModified = new DateTimeOffset(lastWriteUtc.Ticks - lastWriteUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        LastModifiedHeader = HeaderUtilities.FormatDate(LastModified);
        // Strong, from the modification time (to the tick) and the size, as the brief for IIS's own.
        ETag = string.Create(CultureInfo.InvariantCulture, $"\"{lastWriteUtc.Ticks:x}-{length:x}\"");
        ETagHeader = ETag;
        ContentLength = length;
        Bytes = bytes;
    }

    /// <summary>
    /// Held by the cache. A version seen once (the file changed under a request, or the cache is
    /// full) is never compressed: a busy file being rewritten would otherwise be compressed per request.
    /// </summary>
    public bool Kept { get; private set; }

    public string RealPath { get; }
    public long Length { get; }
    public DateTime LastWriteUtc { get; }
    public DateTimeOffset LastModified { get; }
    public StringValues LastModifiedHeader { get; }
    public string ETag { get; }
    public StringValues ETagHeader { get; }
    public long? ContentLength { get; }

    /// <summary>The whole file, when it is small enough to keep; otherwise it is read from disk per request.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Bytes this version holds in the cache's budget (compressed forms are added as they are made).</summary>
    public long CachedBytes => Bytes?.Length ?? 0;

    public bool IsSameFile(long length, DateTime lastWriteUtc) => Length == length && LastWriteUtc == lastWriteUtc;

    /// <summary>
    /// The compressed form, made once per version and kept. A small file is compressed right
    /// here (a few milliseconds, once); a large one in the background while identity is sent, as
    /// IIS's on-demand compression does. Null while it is being made, or when it would not be
    /// smaller or does not fit in the cache.
    /// </summary>
    public CompressedForm? Compressed(ContentCoding coding, FileCache cache)
    {
        if (!Kept) return null;
        ref var slot = ref coding == ContentCoding.Brotli ? ref _brotli : ref _gzip;
        var task = Volatile.Read(ref slot);
        if (task is null)
        {
            var created = new Task<CompressedForm?>(() => Compress(coding, cache));
            task = Interlocked.CompareExchange(ref slot, created, null) ?? created;
            if (ReferenceEquals(task, created))
            {
                if (Bytes is not null) created.RunSynchronously();
                else created.Start(TaskScheduler.Default);
            }
        }
        if (task.IsCompletedSuccessfully) return task.Result;
        // Another request is compressing this small file right now: wait for it rather than compress twice.
        return Bytes is not null ? task.GetAwaiter().GetResult() : null;
    }

    /// <summary>
    /// This version leaves the cache: the bytes it holds in the budget, to give back. A compressed
    /// form finished later gives its own back at once (requests in flight may still use it).
    /// </summary>
    public long Retire()
    {
        lock (_lock)
        {
            _retired = true;
            Kept = false;
            return CachedBytes
                + (_gzip is { IsCompletedSuccessfully: true, Result: { } g } ? g.Bytes.Length : 0)
                + (_brotli is { IsCompletedSuccessfully: true, Result: { } b } ? b.Bytes.Length : 0);
        }
    }

    private CompressedForm? Compress(ContentCoding coding, FileCache cache)
    {
        try
        {
            var source = Bytes ?? ReadWhole();
            if (source is null) return null;
            var compressed = Compression.Compress(source, coding);
            if (compressed.Length >= source.Length || !cache.TryReserve(compressed.Length)) return null;
            lock (_lock)
            {
                if (_retired) cache.Unreserve(compressed.Length);
            }
            var suffix = coding == ContentCoding.Brotli ? "br" : "gz";
            var etag = string.Concat(ETag.AsSpan(0, ETag.Length - 1), "-", suffix, "\"");
            return new CompressedForm(compressed, etag, coding == ContentCoding.Brotli ? "br" : "gzip");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A large file read whole, once, for compression; null when it changed since this version was seen.
    private byte[]? ReadWhole()
    {
        if (Length > FileCache.MaxCompressedSourceSize) return null;
        using var handle = File.OpenHandle(RealPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (RandomAccess.GetLength(handle) != Length || File.GetLastWriteTimeUtc(handle) != LastWriteUtc) return null;
        var bytes = new byte[Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0) return null;
            read += n;
        }
        return bytes;
    }
}

/// <summary>A compressed form of a file version, with its own strong ETag (RFC 9110 section 8.8.3: a different representation).</summary>
internal sealed class CompressedForm(byte[] bytes, string etag, string contentEncoding)
{
    public byte[] Bytes { get; } = bytes;
    public string ETag { get; } = etag;
    public StringValues ETagHeader { get; } = etag;
    public StringValues ContentEncoding { get; } = contentEncoding;
    public long? ContentLength { get; } = bytes.Length;
}
