using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.Www.Limits;

/// <summary>
/// Stands in for the response body of a site that has a bandwidth limit or logs sc-bytes: every
/// way out (the stream, the PipeWriter, SendFileAsync) passes through here, is counted, and,
/// with a <see cref="TokenBucket"/>, goes out in chunks no faster than the site's rate.
/// Sites with neither keep Kestrel's own body untouched.
/// </summary>
internal sealed class MeteredResponseBody : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly TokenBucket? _bucket;
    private readonly CancellationToken _aborted;
    private PipeWriter? _writer;
    private long _bytes;

    private MeteredResponseBody(IHttpResponseBodyFeature inner, TokenBucket? bucket, CancellationToken aborted)
    {
        _inner = inner;
        _bucket = bucket;
        _aborted = aborted;
    }

    /// <summary>Body bytes the application sent (before Kestrel's chunked framing).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytes);

    public static MeteredResponseBody Install(HttpContext context, TokenBucket? bucket)
    {
        var inner = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var metered = new MeteredResponseBody(inner, bucket, context.RequestAborted);
        context.Features.Set<IHttpResponseBodyFeature>(metered);
        return metered;
    }

    /// <summary>After the site's pipeline: what the application left in the PipeWriter goes out (through the limit).</summary>
    public async Task FinishAsync()
    {
        if (_writer is not null) await _writer.FlushAsync().ConfigureAwait(false);
    }

    Stream IHttpResponseBodyFeature.Stream => this;

    PipeWriter IHttpResponseBodyFeature.Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    void IHttpResponseBodyFeature.DisableBuffering() => _inner.DisableBuffering();

    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    async Task IHttpResponseBodyFeature.CompleteAsync()
    {
        if (_writer is not null) await _writer.CompleteAsync().ConfigureAwait(false);
        await _inner.CompleteAsync().ConfigureAwait(false);
    }

    async Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken)
    {
        if (_bucket is null)
        {
            // Unlimited: Kestrel's own way, only counted.
            if (_writer is not null) await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var length = count ?? new FileInfo(path).Length - offset;
            await _inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, length);
            return;
        }
        // Limited: through this stream's chunks, whatever the file's size.
        await SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var inner = _inner.Stream;
        if (_bucket is null)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, buffer.Length);
            return;
        }
        // A caller that passes no token still stops waiting when the client goes away.
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _aborted;
        var chunk = _bucket.ChunkSize;
        while (!buffer.IsEmpty)
        {
            // The caller's token may be a writer's own (PipeWriter.Create passes its internal one),
            // and Kestrel drops writes after an abort without throwing: without this check a client
            // gone away would hold the request until the whole body had trickled out at the limit.
            _aborted.ThrowIfCancellationRequested();
            var piece = buffer[..Math.Min(chunk, buffer.Length)];
            await _bucket.WaitToSendAsync(piece.Length, token).ConfigureAwait(false);
            await inner.WriteAsync(piece, token).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, piece.Length);
            buffer = buffer[piece.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Only where the application turned synchronous I/O on; Kestrel refuses it otherwise.
        if (_bucket is not null)
        {
            var wait = _bucket.Take(buffer.Length);
            if (wait > TimeSpan.Zero) Thread.Sleep(wait);
        }
        _inner.Stream.Write(buffer);
        Interlocked.Add(ref _bytes, buffer.Length);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.Stream.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Stream.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
