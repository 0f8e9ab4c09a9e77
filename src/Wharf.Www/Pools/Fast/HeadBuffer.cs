using System.Buffers;
using System.Text;

namespace Wharf.Www.Pools.Fast;

/// <summary>The bytes of one request to a worker, built in a pooled array that grows as needed.</summary>
internal sealed class HeadBuffer : IDisposable
{
    private byte[] _bytes;

    public HeadBuffer(int capacity = 4096) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Each char as one byte, as HTTP/1.1 heads carry them (Kestrel took the request in ASCII).</summary>
    public void Append(string text)
    {
        var length = Encoding.Latin1.GetBytes(text, Free(text.Length));
        Length += length;
    }

    /// <summary>Room for <paramref name="count"/> more bytes, to be filled and then <see cref="Advance"/>d.</summary>
    public Span<byte> Free(int count)
    {
        if (_bytes.Length - Length < count)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + count));
            _bytes.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = grown;
        }
        return _bytes.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Empty again, keeping its array, for the connection's next request.</summary>
    public void Clear() => Length = 0;

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0) ArrayPool<byte>.Shared.Return(bytes);
    }
}
