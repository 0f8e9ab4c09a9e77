using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Hosting.Control;

/// <summary>
/// JSON values, one per line, over a stream: the control channel between supervisor and service,
/// and the control socket. Writes are serialised; reads belong to one reader.
/// </summary>
public sealed class JsonLineChannel<TIn, TOut> : IAsyncDisposable
{
    // A control line is small; anything longer is a broken peer, not a message.
    private const int MaxLineBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly JsonTypeInfo<TIn> _inInfo;
    private readonly JsonTypeInfo<TOut> _outInfo;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public JsonLineChannel(Stream stream, JsonTypeInfo<TIn> inInfo, JsonTypeInfo<TOut> outInfo)
    {
        _stream = stream;
        _reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        _inInfo = inInfo;
        _outInfo = outInfo;
    }

    /// <summary>The next value, or null at end of stream. A malformed line throws <see cref="InvalidDataException"/>.</summary>
    public async Task<TIn?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null) return default;
            if (line.Length == 0) continue;
            if (line.Length > MaxLineBytes) throw new InvalidDataException("control line too long");
            try
            {
                return JsonSerializer.Deserialize(line, _inInfo) ?? throw new InvalidDataException("null control line");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"malformed control line: {e.Message}", e);
            }
        }
    }

    public async Task WriteAsync(TOut value, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, _outInfo);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }
}
