namespace Wharf.Www.Routing;

/// <summary>The host name part of a Host header (RFC 9110 section 7.2: uri-host [ ":" port ]).</summary>
internal static class HostHeader
{
    public static ReadOnlySpan<char> Name(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty) return value;

        if (value[0] == '[')
        {
            // An IPv6 literal (RFC 3986 section 3.2.2): keep the brackets, drop the port.
            var close = value.IndexOf(']');
            return close < 0 ? value : value[..(close + 1)];
        }

        var colon = value.LastIndexOf(':');
        if (colon >= 0) value = value[..colon];
        // "example.com." is the same name as "example.com" (fully qualified form).
        return value.TrimEnd('.');
    }
}
