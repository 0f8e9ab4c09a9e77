using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Wharf.Www.Static;

internal enum Precondition
{
    /// <summary>Serve the representation (or a range of it).</summary>
    Proceed,
    /// <summary>304: the client's copy is current.</summary>
    NotModified,
    /// <summary>412.</summary>
    Failed,
}

/// <summary>
/// Conditional requests for a file (RFC 9110 section 13.2.2), in the order the RFC gives:
/// If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since. Only GET and
/// HEAD reach here, so a matching If-None-Match is always 304.
/// </summary>
internal static class Preconditions
{
    public static Precondition Evaluate(
        StringValues ifMatch, StringValues ifUnmodifiedSince, StringValues ifNoneMatch, StringValues ifModifiedSince,
        string etag, DateTimeOffset lastModified)
    {
        if (ifMatch.Count > 0)
        {
            if (!AnyMatches(ifMatch, etag, strong: true)) return Precondition.Failed;
        }
        else if (ifUnmodifiedSince.Count == 1 && HeaderUtilities.TryParseDate(ifUnmodifiedSince.ToString(), out var unmodifiedSince)
                 && lastModified > unmodifiedSince)
        {
            return Precondition.Failed;
        }

        if (ifNoneMatch.Count > 0)
            return AnyMatches(ifNoneMatch, etag, strong: false) ? Precondition.NotModified : Precondition.Proceed;
        // Section 13.1.3: a value that is not one valid HTTP-date is ignored.
        if (ifModifiedSince.Count == 1 && HeaderUtilities.TryParseDate(ifModifiedSince.ToString(), out var modifiedSince)
            && lastModified <= modifiedSince)
            return Precondition.NotModified;
        return Precondition.Proceed;
    }

    /// <summary>
    /// If-Range (section 13.1.5): the Range applies only when the validator still matches: a
    /// strong ETag equal to the current one, or exactly the current Last-Modified date.
    /// </summary>
    public static bool RangeApplies(StringValues ifRange, string etag, DateTimeOffset lastModified)
    {
        if (ifRange.Count == 0) return true;
        if (ifRange.Count > 1) return false;
        var value = ifRange.ToString().AsSpan().Trim();
        if (value.StartsWith("\"") || value.StartsWith("W/"))
            return !value.StartsWith("W/") && value.SequenceEqual(etag);
        return HeaderUtilities.TryParseDate(value.ToString(), out var date) && date == lastModified;
    }

    /// <summary>
    /// Whether a list of entity tags (or "*") holds <paramref name="etag"/> (a strong tag, quoted).
    /// The weak comparison ignores W/ on the listed tag; the strong one refuses a weak tag.
    /// </summary>
    public static bool AnyMatches(StringValues header, string etag, bool strong)
    {
        foreach (var value in header)
        {
            if (value is null) continue;
            var rest = value.AsSpan();
            while (true)
            {
                rest = rest.TrimStart(" \t,");
                if (rest.IsEmpty) break;
                if (rest[0] == '*') return true;
                var weak = rest.StartsWith("W/");
                if (weak) rest = rest[2..];
                if (rest.IsEmpty || rest[0] != '"') break; // malformed: stop reading this value
                var close = rest[1..].IndexOf('"');
                if (close < 0) break;
                var tag = rest[..(close + 2)];
                if (!(weak && strong) && tag.SequenceEqual(etag)) return true;
                rest = rest[(close + 2)..];
            }
        }
        return false;
    }
}
