using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>
/// Where <c>SITE/PATH</c> puts a virtual directory, as appcmd's <c>add vdir /app.name:"Site/app"
/// /path:/x</c> would, but worked out from the URL: under the site's application whose path is
/// the longest prefix of PATH (<c>Shop/blog/images</c> is <c>/images</c> of application
/// <c>/blog</c>), else under the root application (the site's own <c>virtualDirectories</c>).
/// </summary>
internal sealed record VdirTarget(FoundSite Site, int? Application, string ApplicationPath, string Path)
{
    /// <summary>The JSON Pointer of the virtual directory list it goes in.</summary>
    public string ListPointer => Application is { } k
        ? string.Create(CultureInfo.InvariantCulture, $"{Site.Pointer}/applications/{k}/virtualDirectories")
        : $"{Site.Pointer}/virtualDirectories";

    public JsonArray? List => (Application is { } k ? Site.Site["applications"]?[k] : Site.Site)?["virtualDirectories"] as JsonArray;

    /// <summary>The whole URL path: <c>/blog/images</c>.</summary>
    public string UrlPath => ApplicationPath == "/" ? Path : ApplicationPath + Path;

    /// <summary><c>/images of site "Shop" (id 2)</c>, with the application when it is not the root.</summary>
    public string Described => ApplicationPath == "/"
        ? $"{UrlPath} of site {Site.Described}"
        : $"{UrlPath} of site {Site.Described} (in application {ApplicationPath})";

    /// <summary>The index of the virtual directory with this path in its list (ignoring case, as IIS matches URLs), or -1.</summary>
    public int IndexIn() =>
        (List ?? []).Select((d, i) => (d, i)).FirstOrDefault(x => string.Equals(JsonText.String(x.d?["path"]), Path, StringComparison.OrdinalIgnoreCase), (null, -1)).Item2;

    public static (VdirTarget? Target, string? Error, int ExitCode) Locate(JsonNode document, string text)
    {
        var (site, url, error, code) = SitePath.Split(document, text);
        if (site is null) return (null, error, code);

        var applications = (site.Site["applications"] as JsonArray ?? []).Select((a, k) => (Path: JsonText.String(a?["path"]), k))
            .Where(a => a.Path is { Length: > 1 })
            .ToList();
        if (applications.FirstOrDefault(a => string.Equals(a.Path, url, StringComparison.OrdinalIgnoreCase)) is { Path: { } appPath })
            return (null, $"{appPath} of site {site.Described} is an application, not a virtual directory; its folder is its physicalPath", ExitCodes.Failed);
        var under = applications
            .Where(a => url.StartsWith(a.Path!.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.Path!.Length)
            .FirstOrDefault();
        return under.Path is { } application
            ? (new VdirTarget(site, under.k, application.TrimEnd('/'), url[application.TrimEnd('/').Length..]), null, ExitCodes.Ok)
            : (new VdirTarget(site, null, "/", url), null, ExitCodes.Ok);
    }

    /// <summary>Every virtual directory of a site, as (URL path, folder, application path).</summary>
    public static IEnumerable<(string Url, string? Folder, string Application)> All(JsonObject site)
    {
        foreach (var d in (site["virtualDirectories"] as JsonArray ?? []).OfType<JsonObject>())
            yield return (JsonText.String(d["path"]) ?? "?", JsonText.String(d["physicalPath"]), "/");
        foreach (var a in (site["applications"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var app = (JsonText.String(a["path"]) ?? "?").TrimEnd('/');
            foreach (var d in (a["virtualDirectories"] as JsonArray ?? []).OfType<JsonObject>())
                yield return (app + (JsonText.String(d["path"]) ?? "?"), JsonText.String(d["physicalPath"]), app);
        }
    }
}
