namespace Wharf.Www.Pools.Lane;

internal enum LaneParse
{
    /// <summary>The head (or the body its Content-Length announces) has not all arrived.</summary>
    Incomplete,
    /// <summary>A request the lane carries; <see cref="LaneRequestHead"/> says where its parts are.</summary>
    Carried,
    /// <summary>Anything else: Kestrel reads the same bytes and answers (a 400, an upgrade, HTTP/1.0, a chunked body).</summary>
    NotCarried,
}

/// <summary>
/// Reads a request head for the forwarding lane, and accepts only a strict subset of RFC 9112:
/// HTTP/1.1, an origin-form target with nothing Kestrel would rewrite (no percent-encoding or dot
/// segment in the path), one Host, tokens for names, visible ASCII for values, CRLF line ends, and
/// a body that is absent or has one Content-Length of at most
/// <see cref="Fast.FastForwarder.MaxBufferedRequestBody"/>. Whatever falls outside is not judged
/// here but left to Kestrel, so the lane never answers a malformed request differently than
/// Kestrel would, and can never read one request as two.
/// </summary>
internal static class LaneRequestParser
{
    /// <summary>Kestrel's default MaxRequestHeaderCount.</summary>
    public const int MaxHeaders = 100;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <param name="maxHead">The most bytes a head may take (request line and headers; Kestrel's limits).</param>
    public static LaneParse TryParse(ReadOnlySpan<byte> data, int maxHead, LaneRequestHead head)
    {
        var end = data.IndexOf(HeadEnd);
        if (end < 0) return data.Length > maxHead ? LaneParse.NotCarried : LaneParse.Incomplete;
        var headLength = end + HeadEnd.Length;
        if (headLength > maxHead) return LaneParse.NotCarried;

        head.Clear();
        head.HeadLength = headLength;
        var lineEnd = data.IndexOf("\r\n"u8);
        if (!RequestLine(data[..lineEnd], head)) return LaneParse.NotCarried;

        var position = lineEnd + 2;
        var hosts = 0;
        var lengths = 0;
        var count = 0;
        while (position < headLength - 2)
        {
            var lineLength = data[position..].IndexOf("\r\n"u8);
            var line = data.Slice(position, lineLength);
            if (++count > MaxHeaders) return LaneParse.NotCarried;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !HttpChars.IsToken(line[..colon])) return LaneParse.NotCarried;
            var valueStart = colon + 1;
            while (valueStart < line.Length && HttpChars.IsWhitespace(line[valueStart])) valueStart++;
            var valueEnd = line.Length;
            while (valueEnd > valueStart && HttpChars.IsWhitespace(line[valueEnd - 1])) valueEnd--;
            var value = line[valueStart..valueEnd];
            if (!HttpChars.IsFieldValue(value)) return LaneParse.NotCarried;
            var range = new Range(position + valueStart, position + valueEnd);

            switch (LaneHeaders.Classify(line[..colon]))
            {
                case LaneHeader.Host:
                    if (++hosts > 1 || !HttpChars.IsHost(value)) return LaneParse.NotCarried;
                    head.Host = range;
                    break;
                case LaneHeader.ContentLength:
                    if (++lengths > 1 || !TryLength(value, out var length)) return LaneParse.NotCarried;
                    head.ContentLength = length;
                    break;
                case LaneHeader.Connection:
                    if (!ConnectionOptions(value, head)) return LaneParse.NotCarried;
                    break;
                case LaneHeader.NotCarried:
                    return LaneParse.NotCarried;
                case LaneHeader.UserAgent:
                    head.UserAgent = range;
                    break;
                case LaneHeader.Referer:
                    head.Referer = range;
                    break;
                case LaneHeader.Cookie:
                    head.Cookie = range;
                    break;
            }
            position += lineLength + 2;
        }
        if (hosts != 1) return LaneParse.NotCarried;
        return data.Length < head.Length ? LaneParse.Incomplete : LaneParse.Carried;
    }

    /// <summary>method SP origin-form SP "HTTP/1.1" (RFC 9112 §3).</summary>
    private static bool RequestLine(ReadOnlySpan<byte> line, LaneRequestHead head)
    {
        var space = line.IndexOf((byte)' ');
        if (space <= 0 || space > 20 || !HttpChars.IsToken(line[..space])) return false;
        var method = line[..space];
        // A tunnel, or HTTP/2's preface: neither is a request the lane forwards.
        if (method.SequenceEqual("CONNECT"u8) || method.SequenceEqual("PRI"u8)) return false;
        var rest = line[(space + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0 || !rest[(second + 1)..].SequenceEqual("HTTP/1.1"u8)) return false;
        var target = rest[..second];
        if (target[0] != (byte)'/') return false;
        var question = target.IndexOf((byte)'?');
        var path = question < 0 ? target : target[..question];
        if (!HttpChars.IsPlainPath(path) || !HttpChars.IsQuery(target[path.Length..])) return false;
        head.Method = new Range(0, space);
        head.Target = new Range(space + 1, space + 1 + second);
        head.PathLength = path.Length;
        return true;
    }

    private static bool TryLength(ReadOnlySpan<byte> value, out int length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 6) return false;
        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            length = length * 10 + (b - '0');
        }
        return length <= Fast.FastForwarder.MaxBufferedRequestBody;
    }

    /// <summary>close and keep-alive only: any other token names a hop-by-hop header, which Kestrel's path handles.</summary>
    private static bool ConnectionOptions(ReadOnlySpan<byte> value, LaneRequestHead head)
    {
        foreach (var part in value.Split((byte)','))
        {
            var token = value[part];
            var start = 0;
            while (start < token.Length && HttpChars.IsWhitespace(token[start])) start++;
            var end = token.Length;
            while (end > start && HttpChars.IsWhitespace(token[end - 1])) end--;
            token = token[start..end];
            if (token.IsEmpty) continue;
            if (System.Text.Ascii.EqualsIgnoreCase(token, "close"u8)) head.Close = true;
            else if (!System.Text.Ascii.EqualsIgnoreCase(token, "keep-alive"u8)) return false;
        }
        return true;
    }
}
