using System.Text.Json.Nodes;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>
/// <c>SITE/PATH</c>, as appcmd names applications and virtual directories ("Default Web Site/images"):
/// the site (matched ignoring case; the longest name that fits, should a name hold a '/') and the
/// URL path under it, starting with '/'.
/// </summary>
internal static class SitePath
{
    public static (FoundSite? Site, string Url, string? Error, int ExitCode) Split(JsonNode document, string text)
    {
        var trimmed = text.Trim().TrimEnd('/');
        var site = SiteDocument.Names(document)
            .Where(n => trimmed.StartsWith(n + "/", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(n => n.Length)
            .Select(n => SiteDocument.Find(document, n))
            .FirstOrDefault();
        if (site is null)
        {
            if (SiteDocument.Find(document, trimmed) is { } whole)
                return (null, "", NoPath(text, whole), ExitCodes.Usage);
            var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
            return slash <= 0
                ? (null, "", $"'{text}' is not SITE/PATH; write the site's name, a slash and the URL path, such as \"Default Web Site/images\"", ExitCodes.Usage)
                : (null, "", SiteDocument.NoSuchSite(document, trimmed[..slash]), ExitCodes.Failed);
        }
        var url = trimmed[site.Name.Length..];
        return url is "" or "/" ? (null, "", NoPath(text, site), ExitCodes.Usage) : (site, url, null, ExitCodes.Ok);
    }

    private static string NoPath(string text, FoundSite site) =>
        $"'{text}' names the site {site.Described} but no path in it; write SITE/PATH, such as \"{site.Name}/images\"";
}
