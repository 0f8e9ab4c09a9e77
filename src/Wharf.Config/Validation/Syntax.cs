using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Wharf.Config.Validation;

/// <summary>The small grammars of a configuration: addresses, host names, URL paths. Each check returns null or the reason.</summary>
internal static partial class Syntax
{
    public const string Wildcard = "*";

    /// <summary>A string as JSON would write it, so a message shows exactly what is in the file.</summary>
    public static string Quote(string? value) =>
        value is null ? "null" : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>"*" or an IP address literal. IPAddress.TryParse alone is too kind: it reads "1" as 0.0.0.1.</summary>
    public static string? CheckAddress(string? address)
    {
        const string Hint = "use \"*\" for every address or an IP address such as \"127.0.0.1\"";
        if (address == Wildcard) return null;
        if (string.IsNullOrEmpty(address)) return $"an empty address is not allowed; {Hint}";
        if (address.StartsWith('[')) return $"{Quote(address)} is not an IP address; write IPv6 addresses without brackets, such as \"::1\"";
        if (!TryParseIp(address, out var ip)) return $"{Quote(address)} is not an IP address; {Hint} (host names go in \"hostName\")";
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            return $"{Quote(address)} means every address; write \"*\" so every binding on this port agrees";
        return null;
    }

    /// <summary>One spelling per address ("0:0::1" and "::1" are the same binding); "*" stays "*".</summary>
    public static string NormalizeAddress(string address) =>
        TryParseIp(address, out var ip) ? ip.ToString() : address;

    private static bool TryParseIp(string text, out IPAddress ip)
    {
        ip = IPAddress.None;
        if (text.Contains(':'))
            return IPAddress.TryParse(text, out ip!) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        return DottedQuad().IsMatch(text) && IPAddress.TryParse(text, out ip!);
    }

    /// <summary>Empty (any host), or a DNS name (RFC 1123 section 2.1): dot-separated labels of letters, digits and hyphens.</summary>
    public static string? CheckHostName(string? host)
    {
        if (string.IsNullOrEmpty(host)) return null;
        var shown = Quote(host);
        if (host.Contains("://", StringComparison.Ordinal)) return $"{shown} is not a host name; write only the name, such as \"www.example.com\"";
        if (host.Contains(':')) return $"{shown} is not a host name; the port goes in \"port\"";
        if (host.StartsWith("*.", StringComparison.Ordinal)) return $"{shown} is not a host name; wildcard host names are not supported";
        if (host.Length > 253) return $"{shown} is not a host name; a host name is at most 253 characters";
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || !HostLabel().IsMatch(label))
                return $"{shown} is not a host name; it is dot-separated labels of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen";
        }
        return null;
    }

    /// <summary>A URL path under the site: "/blog", "/blog/images". "/" itself is the site's root.</summary>
    public static string? CheckUrlPath(string? path)
    {
        var shown = Quote(path);
        if (string.IsNullOrEmpty(path)) return "an empty path is not allowed; write a URL path such as \"/blog\"";
        if (!path.StartsWith('/')) return $"{shown} must start with \"/\", as in \"/{path}\"";
        if (path.Length > 1 && path.EndsWith('/')) return $"{shown} must not end with \"/\", as in \"{path.TrimEnd('/')}\"";
        if (path.AsSpan().IndexOfAny("?#\\") >= 0 || path.Any(char.IsControl))
            return $"{shown} is not a URL path; it may not contain '?', '#', '\\' or control characters";
        var segments = path.Split('/')[1..];
        if (path != "/" && segments.Any(s => s is "" or "." or ".."))
            return $"{shown} is not a URL path; it may not contain empty, \".\" or \"..\" segments";
        return null;
    }

    /// <summary>A media type "type/subtype" (RFC 9110 section 8.3.1), without parameters.</summary>
    public static string? CheckMediaType(string? type)
    {
        if (type is not null && MediaType().IsMatch(type)) return null;
        return $"{Quote(type)} is not a MIME type; write one such as \"text/plain\" or \"application/json\"";
    }

    /// <summary>A header field name: an RFC 9110 token.</summary>
    public static string? CheckHeaderName(string? name)
    {
        if (name is not null && Token().IsMatch(name)) return null;
        return $"{Quote(name)} is not a header name; it is letters, digits and !#$%&'*+-.^_`|~, such as \"X-Frame-Options\"";
    }

    /// <summary>How a binding reads in messages: IIS's "protocol address:port", plus the host when there is one.</summary>
    public static string Describe(string protocol, string address, int port, string host)
    {
        var shownAddress = address.Contains(':') ? $"[{address}]" : address;
        var text = string.Create(CultureInfo.InvariantCulture, $"{protocol} {shownAddress}:{port}");
        return string.IsNullOrEmpty(host) ? text : $"{text} host {Quote(host)}";
    }

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLabel();

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/[!#$%&'*+\-.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaType();
}
