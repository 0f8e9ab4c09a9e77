namespace Wharf.Www.Static;

/// <summary>One satisfiable range: <see cref="Length"/> bytes from <see cref="From"/>.</summary>
internal readonly record struct ByteRange(long From, long Length)
{
    public long To => From + Length - 1;
}

internal enum RangeOutcome
{
    /// <summary>No Range, or one that is not "bytes" or not well formed: the whole content, 200 (RFC 9110 section 14.2).</summary>
    Ignore,
    Satisfiable,
    /// <summary>416, with Content-Range: bytes */length.</summary>
    Unsatisfiable,
}

/// <summary>The Range request header (RFC 9110 section 14.1.2), for a representation of a known length.</summary>
internal static class ByteRanges
{
    /// <summary>More ranges than this are answered with the whole content (section 14.2 allows ignoring Range).</summary>
    public const int MaxRanges = 16;

    public static RangeOutcome Parse(ReadOnlySpan<char> header, long length, out ByteRange[] ranges)
    {
        ranges = [];
        header = header.Trim();
        // ranges-specifier = range-unit "=" range-set; the unit is case-insensitive.
        if (header.Length < 6 || !header[..6].Equals("bytes=", StringComparison.OrdinalIgnoreCase)) return RangeOutcome.Ignore;
        var set = header[6..];
        var found = new List<ByteRange>();
        var members = 0;
        foreach (var part in set.Split(','))
        {
            var spec = set[part].Trim();
            if (spec.IsEmpty) continue; // range-set allows empty list elements (section 5.6.1)
            if (++members > MaxRanges) return RangeOutcome.Ignore;
            var dash = spec.IndexOf('-');
            if (dash < 0) return RangeOutcome.Ignore;
            var first = spec[..dash];
            var last = spec[(dash + 1)..];
            if (first.IsEmpty)
            {
                // suffix-range = "-" suffix-length: the last N bytes.
                if (!TryDigits(last, out var suffix)) return RangeOutcome.Ignore;
                if (suffix > 0 && length > 0) found.Add(new ByteRange(Math.Max(0, length - suffix), Math.Min(suffix, length)));
                continue;
            }
            if (!TryDigits(first, out var from)) return RangeOutcome.Ignore;
            long to;
            if (last.IsEmpty) to = length - 1;
            else if (!TryDigits(last, out to)) return RangeOutcome.Ignore;
            else if (to < from) return RangeOutcome.Ignore; // invalid int-range: the whole field is ignored
            if (from >= length) continue; // unsatisfiable member
            to = Math.Min(to, length - 1);
            found.Add(new ByteRange(from, to - from + 1));
        }
        if (members == 0) return RangeOutcome.Ignore;
        if (found.Count == 0) return RangeOutcome.Unsatisfiable;
        ranges = [.. found];
        return RangeOutcome.Satisfiable;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
