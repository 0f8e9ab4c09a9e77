namespace Wharf.Www.Pools.Lane;

internal enum LaneHeader
{
    /// <summary>Passed to the worker as sent.</summary>
    EndToEnd,
    Host,
    ContentLength,
    Connection,
    /// <summary>Hop-by-hop, or a forwarded header a client must not set: not passed on (www writes its own X-Forwarded-*).</summary>
    Dropped,
    /// <summary>A request the lane leaves to Kestrel: Transfer-Encoding, Expect, Upgrade, HTTP2-Settings.</summary>
    NotCarried,
    UserAgent,
    Referer,
    Cookie,
}

/// <summary>Request header names the lane treats apart (RFC 9110 §7.6.1 for the hop-by-hop ones), as the Kestrel path's RequestHeadWriter does.</summary>
internal static class LaneHeaders
{
    public static LaneHeader Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => Is(name, "TE"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        4 => Is(name, "Host"u8) ? LaneHeader.Host : LaneHeader.EndToEnd,
        6 => Is(name, "Expect"u8) ? LaneHeader.NotCarried : Is(name, "Cookie"u8) ? LaneHeader.Cookie : LaneHeader.EndToEnd,
        7 => Is(name, "Upgrade"u8) ? LaneHeader.NotCarried : Is(name, "Trailer"u8) ? LaneHeader.Dropped : Is(name, "Referer"u8) ? LaneHeader.Referer : LaneHeader.EndToEnd,
        9 => Is(name, "Forwarded"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        10 => Is(name, "Connection"u8) ? LaneHeader.Connection : Is(name, "Keep-Alive"u8) ? LaneHeader.Dropped
            : Is(name, "User-Agent"u8) ? LaneHeader.UserAgent : LaneHeader.EndToEnd,
        14 => Is(name, "Content-Length"u8) ? LaneHeader.ContentLength : Is(name, "HTTP2-Settings"u8) ? LaneHeader.NotCarried : LaneHeader.EndToEnd,
        15 => Is(name, "X-Forwarded-For"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        16 => Is(name, "X-Forwarded-Host"u8) || Is(name, "Proxy-Connection"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        17 => Is(name, "X-Forwarded-Proto"u8) ? LaneHeader.Dropped : Is(name, "Transfer-Encoding"u8) ? LaneHeader.NotCarried : LaneHeader.EndToEnd,
        18 => Is(name, "X-Forwarded-Prefix"u8) || Is(name, "Proxy-Authenticate"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        19 => Is(name, "Proxy-Authorization"u8) ? LaneHeader.Dropped : LaneHeader.EndToEnd,
        _ => LaneHeader.EndToEnd,
    };

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known) => System.Text.Ascii.EqualsIgnoreCase(name, known);
}
