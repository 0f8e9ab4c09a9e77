using System.Buffers.Text;
using System.Text;

namespace Wharf.Www.Pools.Fast;

internal enum HeadParse
{
    /// <summary>The head's end is not in the bytes yet.</summary>
    Incomplete,
    /// <summary>A 1xx that is not the answer (100 Continue, 103 Early Hints): skipped, the final head follows.</summary>
    Interim,
    Final,
}

/// <summary>
/// Reads a worker's response head, strictly: the worker is the pool's code, running as another
/// account, and must not be able to smuggle a second response to the client or break the
/// connection's framing. Anything outside RFC 9112's grammar (a bare LF, an obsolete line fold, a
/// control character, two different lengths, a length beside chunked) is refused rather than
/// guessed at. Hop-by-hop headers are dropped here, with Date and Server: www writes its own, as
/// nginx does.
/// </summary>
internal static class ResponseHeadParser
{
    /// <summary>The largest head taken (nginx's proxy_buffer_size is 4 to 8 KiB; Kestrel writes far less).</summary>
    public const int MaxHeadBytes = 64 * 1024;

    public const int MaxHeaders = 256;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    // Names that most responses carry, kept as strings so that a response allocates only its values.
    private static readonly string[] KnownNames =
    [
        "Content-Type", "Content-Length", "Cache-Control", "Set-Cookie", "Location", "ETag", "Last-Modified", "Vary",
        "Content-Encoding", "Content-Language", "Content-Disposition", "Expires", "Pragma", "Accept-Ranges", "Content-Range",
        "Access-Control-Allow-Origin", "X-Content-Type-Options", "Strict-Transport-Security", "WWW-Authenticate", "Age",
        "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy", "Link", "Retry-After", "Allow",
    ];

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/> into <paramref name="head"/>;
    /// <paramref name="consumed"/> is its length with the blank line. Throws
    /// <see cref="WorkerProtocolException"/> for a head that breaks the rules or is too large.
    /// </summary>
    public static HeadParse TryParse(ReadOnlySpan<byte> data, bool headRequest, ResponseHead head, out int consumed)
    {
        consumed = 0;
        var end = data.IndexOf(HeadEnd);
        if (end < 0)
        {
            if (data.Length >= MaxHeadBytes) throw new WorkerProtocolException($"response head larger than {MaxHeadBytes} bytes");
            return HeadParse.Incomplete;
        }
        if (end + HeadEnd.Length > MaxHeadBytes) throw new WorkerProtocolException($"response head larger than {MaxHeadBytes} bytes");

        head.Clear();
        var rest = data[..(end + 2)]; // every line with its CRLF
        var statusLine = NextLine(ref rest);
        var http11 = ParseStatusLine(statusLine, head);
        consumed = end + HeadEnd.Length;
        if (head.Status is >= 100 and < 200)
        {
            // 101 is only an answer to an Upgrade, which the fast path never sends.
            if (head.Status == 101) throw new WorkerProtocolException("101 Switching Protocols to a request that asked for no upgrade");
            return HeadParse.Interim;
        }

        long contentLength = -1;
        var transferEncoding = false;
        var chunked = false;
        var close = !http11;
        List<string>? connectionNamed = null;
        var count = 0;
        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (++count > MaxHeaders) throw new WorkerProtocolException($"more than {MaxHeaders} response headers");
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) throw new WorkerProtocolException(line.Length > 0 && IsWhitespace(line[0]) ? "obsolete line folding in a response header" : "a response header line without a name");
            var name = line[..colon];
            if (!IsToken(name)) throw new WorkerProtocolException("a response header name that is not a token");
            var value = Trim(line[(colon + 1)..]);
            if (!IsFieldValue(value)) throw new WorkerProtocolException("a control character in a response header value");

            switch (Classify(name))
            {
                case HeaderKind.ContentLength:
                    if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0 || !IsDigits(value))
                        throw new WorkerProtocolException("a Content-Length that is not a number");
                    if (contentLength >= 0 && contentLength != length) throw new WorkerProtocolException("two different Content-Length headers");
                    contentLength = length;
                    continue;
                case HeaderKind.TransferEncoding:
                    transferEncoding = true;
                    // The final coding decides; chunked anywhere but last is not a delimited body.
                    chunked = Ascii.EqualsIgnoreCase(LastToken(value), "chunked"u8);
                    continue;
                case HeaderKind.Connection:
                    foreach (var token in new TokenList(value))
                    {
                        if (Ascii.EqualsIgnoreCase(token, "close"u8)) close = true;
                        else if (!Ascii.EqualsIgnoreCase(token, "keep-alive"u8)) (connectionNamed ??= []).Add(Encoding.ASCII.GetString(token));
                    }
                    continue;
                case HeaderKind.HopByHop:
                case HeaderKind.OwnedByWww:
                    continue;
            }
            head.Headers.Add(new(NameString(name), Encoding.Latin1.GetString(value)));
        }

        if (connectionNamed is not null)
            head.Headers.RemoveAll(h => connectionNamed.Contains(h.Key, StringComparer.OrdinalIgnoreCase));

        if (transferEncoding && contentLength >= 0) throw new WorkerProtocolException("both Content-Length and Transfer-Encoding");
        if (headRequest || head.Status is 204 or 304)
        {
            head.Framing = BodyFraming.None;
            // A length on a HEAD answer describes the body a GET would get: the client is told it.
            if (headRequest && head.Status is not (204 or 304)) head.ContentLength = contentLength;
        }
        else if (transferEncoding)
        {
            head.Framing = chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
            close |= !chunked;
        }
        else if (contentLength >= 0)
        {
            head.Framing = BodyFraming.ContentLength;
            head.ContentLength = contentLength;
        }
        else
        {
            head.Framing = BodyFraming.UntilClose;
            close = true;
        }
        head.KeepAlive = !close;
        return HeadParse.Final;
    }

    // "HTTP/1.1 200 OK": true for HTTP/1.1, false for HTTP/1.0.
    private static bool ParseStatusLine(ReadOnlySpan<byte> line, ResponseHead head)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' ')
            throw new WorkerProtocolException("a response that does not start with an HTTP/1.x status line");
        var minor = line[7];
        if (minor is not ((byte)'0' or (byte)'1')) throw new WorkerProtocolException("a response that does not start with an HTTP/1.x status line");
        var code = line.Slice(9, 3);
        if (!IsDigits(code) || (line.Length > 12 && line[12] != (byte)' ')) throw new WorkerProtocolException("a status code that is not three digits");
        if (!IsFieldValue(line[12..])) throw new WorkerProtocolException("a control character in the status line");
        head.Status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
        if (head.Status < 100) throw new WorkerProtocolException("a status code below 100");
        return minor == (byte)'1';
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var lf = rest.IndexOf((byte)'\n');
        // The head was cut at its CRLF CRLF, so every line ends in LF; it must be CRLF, and no CR may stand alone.
        if (lf <= 0 || rest[lf - 1] != (byte)'\r') throw new WorkerProtocolException("a bare LF in the response head");
        var line = rest[..(lf - 1)];
        if (line.Contains((byte)'\r')) throw new WorkerProtocolException("a bare CR in the response head");
        rest = rest[(lf + 1)..];
        return line;
    }

    private enum HeaderKind { Other, ContentLength, TransferEncoding, Connection, HopByHop, OwnedByWww }

    private static HeaderKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "TE"u8) => HeaderKind.HopByHop,
        4 when Ascii.EqualsIgnoreCase(name, "Date"u8) => HeaderKind.OwnedByWww,
        6 when Ascii.EqualsIgnoreCase(name, "Server"u8) => HeaderKind.OwnedByWww,
        7 when Ascii.EqualsIgnoreCase(name, "Trailer"u8) || Ascii.EqualsIgnoreCase(name, "Upgrade"u8) => HeaderKind.HopByHop,
        10 when Ascii.EqualsIgnoreCase(name, "Connection"u8) => HeaderKind.Connection,
        10 when Ascii.EqualsIgnoreCase(name, "Keep-Alive"u8) => HeaderKind.HopByHop,
        14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8) => HeaderKind.ContentLength,
        16 when Ascii.EqualsIgnoreCase(name, "Proxy-Connection"u8) => HeaderKind.HopByHop,
        17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) => HeaderKind.TransferEncoding,
        _ => HeaderKind.Other,
    };

    private static string NameString(ReadOnlySpan<byte> name)
    {
        foreach (var known in KnownNames)
            if (known.Length == name.Length && Ascii.EqualsIgnoreCase(name, known)) return known;
        return Encoding.ASCII.GetString(name);
    }

    private static ReadOnlySpan<byte> LastToken(ReadOnlySpan<byte> list)
    {
        var comma = list.LastIndexOf((byte)',');
        return Trim(comma < 0 ? list : list[(comma + 1)..]);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsWhitespace(value[start])) start++;
        while (end > start && IsWhitespace(value[end - 1])) end--;
        return value[start..end];
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsDigits(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
            if (b is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    // RFC 9110 §5.6.2: tchar.
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok) return false;
        }
        return true;
    }

    // RFC 9110 §5.5: visible characters, obs-text, space and tab; no other control character.
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F) return false;
        return true;
    }

    /// <summary>The comma-separated tokens of a header value, trimmed, empty ones skipped.</summary>
    private ref struct TokenList(ReadOnlySpan<byte> value)
    {
        private ReadOnlySpan<byte> _rest = value;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly TokenList GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!_rest.IsEmpty)
            {
                var comma = _rest.IndexOf((byte)',');
                var token = Trim(comma < 0 ? _rest : _rest[..comma]);
                _rest = comma < 0 ? default : _rest[(comma + 1)..];
                if (token.IsEmpty) continue;
                Current = token;
                return true;
            }
            return false;
        }
    }
}
