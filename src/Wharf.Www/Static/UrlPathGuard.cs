namespace Wharf.Www.Static;

/// <summary>What a decoded request path may be before it is joined to a folder.</summary>
internal enum PathVerdict
{
    Ok,
    /// <summary>400: a dot segment, a backslash, a control character or NUL. HTTP.sys answers such URLs with 400 too.</summary>
    Invalid,
    /// <summary>404.11: still percent-encoded after decoding (double encoding, an encoded slash, bytes that are not UTF-8), as IIS's request filtering (allowDoubleEscaping false).</summary>
    DoubleEscaped,
    /// <summary>404.8: a segment IIS hides (bin, App_Data, web.config ...), as its hiddenSegments.</summary>
    HiddenSegment,
}

/// <summary>
/// Checks a request path, as Kestrel decoded it, before any file system call. Kestrel already
/// decodes percent-escapes and removes dot segments (RFC 3986 section 5.2.4); this does not rely
/// on that: whatever reaches the file system is made only of plain segments below the mapped
/// folder. Symbolic links are the mapper's part (<see cref="RealPath"/>).
/// </summary>
internal static class UrlPathGuard
{
    // IIS's default <requestFiltering><hiddenSegments>, compared ignoring case.
    private static readonly string[] Hidden =
    [
        "web.config", "bin", "App_code", "App_GlobalResources", "App_LocalResources", "App_WebReferences", "App_Data", "App_Browsers",
    ];

    public static PathVerdict Check(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/') return PathVerdict.Invalid;
        var hidden = false;
        var escaped = false;
        foreach (var range in path[1..].Split('/'))
        {
            var segment = path[1..][range];
            if (segment is "." or "..") return PathVerdict.Invalid;
            foreach (var c in segment)
            {
                // Backslash is a separator on Windows, where IIS folds it into '/': here it is refused outright.
                if (c < 0x20 || c == 0x7F || c == '\\') return PathVerdict.Invalid;
            }
            var percent = segment.IndexOf('%');
            if (percent >= 0 && LooksEscaped(segment[percent..])) escaped = true;
            if (!hidden && IsHidden(segment)) hidden = true;
        }
        if (escaped) return PathVerdict.DoubleEscaped;
        return hidden ? PathVerdict.HiddenSegment : PathVerdict.Ok;
    }

    private static bool LooksEscaped(ReadOnlySpan<char> rest)
    {
        for (var i = 0; i + 2 < rest.Length; i++)
            if (rest[i] == '%' && char.IsAsciiHexDigit(rest[i + 1]) && char.IsAsciiHexDigit(rest[i + 2])) return true;
        return false;
    }

    private static bool IsHidden(ReadOnlySpan<char> segment)
    {
        foreach (var name in Hidden)
            if (segment.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
