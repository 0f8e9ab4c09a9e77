namespace Wharf.Www.Pools.Lane;

/// <summary>The character classes of RFC 9110 §5.6 and RFC 3986 the lane checks, narrowed to what needs no rewriting.</summary>
internal static class HttpChars
{
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>1*tchar (RFC 9110 §5.6.2).</summary>
    public static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return false;
        foreach (var b in text)
            if (!IsTchar(b)) return false;
        return true;
    }

    /// <summary>Visible ASCII, space and tab; no obs-text (Kestrel decides what to make of bytes above 0x7F).</summary>
    public static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
            if (b is < 0x20 and not (byte)'\t' or >= 0x7F) return false;
        return true;
    }

    /// <summary>A reg-name or IP literal with an optional port, in the characters names are made of.</summary>
    public static bool IsHost(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)':' or (byte)'[' or (byte)']')) return false;
        return true;
    }

    /// <summary>
    /// A path Kestrel passes on as it came: no percent-encoding to decode, no dot segment to remove
    /// ("/." anywhere, which also sends "/.well-known" to Kestrel: rare, and always right), no
    /// backslash, and only the characters RFC 3986 allows in a path.
    /// </summary>
    public static bool IsPlainPath(ReadOnlySpan<byte> path)
    {
        if (path.IndexOf("/."u8) >= 0) return false;
        foreach (var b in path)
            if (!IsPathChar(b)) return false;
        return true;
    }

    /// <summary>The query with its '?': pchar, '/', '?' and percent-encoding (kept as sent by both paths).</summary>
    public static bool IsQuery(ReadOnlySpan<byte> query)
    {
        foreach (var b in query)
            if (!IsPathChar(b) && b is not ((byte)'?' or (byte)'%')) return false;
        return true;
    }

    // unreserved / sub-delims / ':' / '@' / '/' (RFC 3986 §3.3), without '%'.
    private static bool IsPathChar(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
            or (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'+'
            or (byte)',' or (byte)';' or (byte)'=' or (byte)':' or (byte)'@' or (byte)'/';

    private static bool IsTchar(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\''
            or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
