using Microsoft.Extensions.Primitives;

namespace Wharf.Www.Static;

internal enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}

/// <summary>
/// Chooses the content coding of a response from Accept-Encoding (RFC 9110 section 12.5.3):
/// the acceptable coding with the highest qvalue, Brotli before gzip on a tie, and identity
/// unless a coding is preferred to it. A compressed form is sent only where a coding asks for it;
/// when nothing acceptable is left, identity is sent anyway (section 12.5.3 allows it) rather than 406.
/// </summary>
internal static class AcceptEncoding
{
    public static ContentCoding Negotiate(StringValues header)
    {
        if (header.Count == 0) return ContentCoding.Identity;
        int br = -1, gzip = -1, identity = -1, any = -1;
        foreach (var value in header)
        {
            if (value is null) continue;
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? default : rest[(comma + 1)..];
                var semicolon = item.IndexOf(';');
                var coding = (semicolon < 0 ? item : item[..semicolon]).Trim();
                if (coding.IsEmpty) continue;
                var q = semicolon < 0 ? 1000 : QValue(item[(semicolon + 1)..]);
                if (q < 0) continue; // a malformed weight: ignore the member
                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase)) br = Math.Max(br, q);
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) gzip = Math.Max(gzip, q);
                else if (coding.Equals("identity", StringComparison.OrdinalIgnoreCase)) identity = Math.Max(identity, q);
                else if (coding is "*") any = Math.Max(any, q);
            }
        }
        if (br < 0) br = any < 0 ? 0 : any;
        if (gzip < 0) gzip = any < 0 ? 0 : any;
        // Unlisted identity is acceptable but least preferred; listed, it competes by its weight.
        var identityWeight = identity >= 0 ? identity : 0;
        var best = Math.Max(br, gzip);
        if (best == 0 || best < identityWeight) return ContentCoding.Identity;
        return br >= gzip ? ContentCoding.Brotli : ContentCoding.Gzip;
    }

    /// <summary>The weight in thousandths from the parameters of a member ("q=0.5" is 500); -1 when malformed (RFC 9110 section 12.4.2).</summary>
    internal static int QValue(ReadOnlySpan<char> parameters)
    {
        var weight = 1000;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length < 2 || (parameter[0] | 0x20) != 'q' || parameter[1] != '=') continue;
            var number = parameter[2..];
            if (number.IsEmpty || number[0] is not ('0' or '1')) return -1;
            var value = (number[0] - '0') * 1000;
            if (number.Length > 1)
            {
                if (number[1] != '.' || number.Length > 5) return -1;
                var scale = 100;
                foreach (var digit in number[2..])
                {
                    if (!char.IsAsciiDigit(digit)) return -1;
                    value += (digit - '0') * scale;
                    scale /= 10;
                }
            }
            if (value > 1000) return -1;
            weight = value;
        }
        return weight;
    }
}
