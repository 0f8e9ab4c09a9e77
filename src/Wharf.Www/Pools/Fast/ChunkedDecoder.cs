namespace Wharf.Www.Pools.Fast;

/// <summary>
/// Takes a worker's chunked response body apart as it arrives, in pieces of any size (RFC 9112
/// §7.1): sizes, extensions (skipped), data, and trailers (skipped: the fast path carries none,
/// as nginx does not over HTTP/1.1). A byte at a time through the framing, so a size line split
/// across reads needs no buffer; data is handed out as slices of the input. Strict, like the head:
/// the framing decides where the next response starts, so a worker cannot blur it.
/// </summary>
internal struct ChunkedDecoder
{
    private const int MaxExtensionBytes = 4096;
    private const int MaxTrailerBytes = 64 * 1024;

    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, LineStart, TrailerLine, TrailerLf, EndLf, Done }

    private State _state;
    private long _remaining;
    private int _digits;
    private int _extra;

    /// <summary>The last chunk and the trailers are read: the body is whole.</summary>
    public readonly bool Done => _state == State.Done;

    /// <summary>
    /// Reads framing from <paramref name="input"/> until a piece of data (given as
    /// <paramref name="dataOffset"/> and <paramref name="dataLength"/> within it), the end of the body,
    /// or the end of the input; returns the bytes used, data included. Throws
    /// <see cref="WorkerProtocolException"/> for framing that breaks the rules.
    /// </summary>
    public int Read(ReadOnlySpan<byte> input, out int dataOffset, out int dataLength)
    {
        dataOffset = 0;
        dataLength = 0;
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_remaining, input.Length - i);
                dataOffset = i;
                dataLength = take;
                _remaining -= take;
                if (_remaining == 0) _state = State.DataCr;
                return i + take;
            }
            Step(input[i++]);
        }
        return i;
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Size:
                if (HexValue(b) is var digit and >= 0)
                {
                    // 15 hex digits is 2^60 bytes: more would overflow, and no body is that long.
                    if (++_digits > 15) throw new WorkerProtocolException("a chunk size too large");
                    _remaining = (_remaining << 4) | (long)digit;
                }
                else if (_digits == 0) throw new WorkerProtocolException("a chunk size that is not hexadecimal");
                else if (b is (byte)';' or (byte)' ' or (byte)'\t') { _state = State.Extension; _extra = 0; }
                else if (b == (byte)'\r') _state = State.SizeLf;
                else throw new WorkerProtocolException("a chunk size that is not hexadecimal");
                break;
            case State.Extension:
                if (b == (byte)'\r') _state = State.SizeLf;
                else if ((b < 0x20 && b != (byte)'\t') || b == 0x7F) throw new WorkerProtocolException("a control character in a chunk extension");
                else if (++_extra > MaxExtensionBytes) throw new WorkerProtocolException("a chunk extension too long");
                break;
            case State.SizeLf:
                Expect(b, (byte)'\n', "a chunk size line not ended by CRLF");
                if (_remaining == 0) { _state = State.LineStart; _extra = 0; }
                else _state = State.Data;
                break;
            case State.DataCr:
                Expect(b, (byte)'\r', "chunk data longer than its size");
                _state = State.DataLf;
                break;
            case State.DataLf:
                Expect(b, (byte)'\n', "chunk data not ended by CRLF");
                _state = State.Size;
                _digits = 0;
                break;
            case State.LineStart:
                if (b == (byte)'\r') _state = State.EndLf;
                else { CountTrailer(); _state = State.TrailerLine; }
                break;
            case State.TrailerLine:
                if (b == (byte)'\r') _state = State.TrailerLf;
                else if (b == (byte)'\n') throw new WorkerProtocolException("a bare LF in the trailers");
                else CountTrailer();
                break;
            case State.TrailerLf:
                Expect(b, (byte)'\n', "a trailer line not ended by CRLF");
                _state = State.LineStart;
                break;
            case State.EndLf:
                Expect(b, (byte)'\n', "the chunked body not ended by CRLF");
                _state = State.Done;
                break;
        }
    }

    private void CountTrailer()
    {
        if (++_extra > MaxTrailerBytes) throw new WorkerProtocolException("trailers too long");
    }

    private static void Expect(byte b, byte expected, string otherwise)
    {
        if (b != expected) throw new WorkerProtocolException(otherwise);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
