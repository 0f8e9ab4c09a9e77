using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www;

/// <summary>
/// `wharf app list|add|remove`: a site's applications (URL paths with their own folder and
/// application pool), named SITE/PATH as appcmd names them ("Default Web Site/blog").
/// </summary>
internal static class AppCommands
{
    private const string TargetHelp = "The site's name, a slash and the application's URL path (\"Default Web Site/blog\").";

    public static Command Create(Option<string?> root, CliConsole console)
    {
        var app = new Command("app", "List, add or remove applications: URL paths of a site with their own folder and application pool.");
        app.Add(List(root, console));
        app.Add(Add(root, console));
        app.Add(Remove(root, console));
        return app;
    }

    private static Command List(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string?>("SITE") { Description = "Only this site's (default: every site's).", Arity = ArgumentArity.ZeroOrOne };
        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List applications: site, URL path, folder, application pool (the root application of each site too).") { name, json };
        list.SetAction((result, token) => SiteCommands.ReadAsync(result, root, console, token, (document, sites) =>
        {
            var chosen = sites.OfType<JsonObject>().ToList();
            if (result.GetValue(name) is { } only)
            {
                if (SiteDocument.Find(document, only) is not { } found)
                {
                    console.Error.WriteLine(SiteDocument.NoSuchSite(document, only));
                    return ExitCodes.Failed;
                }
                chosen = [(JsonObject)sites[found.Index]!];
            }
            // The site in force (SiteView), so the root application's pool shows its default.
            var rows = chosen.SelectMany(s => new[] { new AppRow(SiteView.Name(s), "/", JsonText.String(s["physicalPath"]), JsonText.String(s["applicationPool"])) }
                .Concat((s["applications"] as JsonArray ?? []).OfType<JsonObject>().Select(a =>
                    new AppRow(SiteView.Name(s), JsonText.String(a["path"]) ?? "?", JsonText.String(a["physicalPath"]), JsonText.String(a["applicationPool"])))))
                .ToList();
            if (result.GetValue(json))
            {
                console.Out.WriteLine(SiteCommands.Indented(new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["site"] = r.Site,
                    ["path"] = r.Path,
                    ["physicalPath"] = r.Folder,
                    ["applicationPool"] = r.Pool,
                }).ToArray())));
                return ExitCodes.Ok;
            }
            var table = new List<string[]> { new[] { "SITE", "PATH", "PHYSICAL PATH", "APPLICATION POOL" } };
            table.AddRange(rows.Select(r => new[] { r.Site, r.Path, r.Folder ?? "-", r.Pool ?? "-" }));
            foreach (var line in TextTable.Format(table)) console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Add(Option<string?> root, CliConsole console)
    {
        var target = new Argument<string>("SITE/PATH") { Description = TargetHelp };
        var path = new Option<string>("--path")
        {
            Required = true,
            HelpName = "DIR",
            Description = "The application's folder: absolute, or relative to the data root.",
        };
        var pool = new Option<string?>("--pool") { HelpName = "POOL", Description = "Its application pool (default: DefaultAppPool)." };
        var json = ServiceCommands.JsonOption();
        var add = new Command("add", "Add an application: serve SITE/PATH from its own folder, in its own application pool.") { target, path, pool, json };
        add.SetAction((result, token) =>
        {
            var folder = result.GetValue(path)!;
            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                var (site, url, error, code) = SitePath.Split(document, result.GetValue(target)!);
                if (site is null) return new SitePlan.Refused(error!, code);
                if (IndexOf(site, url) >= 0)
                    return new SitePlan.Refused($"site {site.Described} already has an application {url}; remove it first (`wharf app remove`)", ExitCodes.InvalidConfig);
                var item = new JsonObject { ["path"] = url, ["physicalPath"] = folder };
                if (result.GetValue(pool) is { } poolName) item["applicationPool"] = poolName;
                return SiteChangeCommands.Append(document, site.Pointer + "/applications", item, version,
                    $"added application {url} to site {site.Described}, served from {folder}");
            }, folder);
        });
        return add;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var target = new Argument<string>("SITE/PATH") { Description = TargetHelp };
        var json = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove an application and its virtual directories (its folders are left alone).") { target, json };
        remove.SetAction((result, token) => SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
        {
            var (site, url, error, code) = SitePath.Split(document, result.GetValue(target)!);
            if (site is null) return new SitePlan.Refused(error!, code);
            var index = IndexOf(site, url);
            if (index < 0)
            {
                var there = (site.Site["applications"] as JsonArray ?? []).Select(a => JsonText.String(a?["path"])).OfType<string>().ToList();
                var has = there.Count == 0 ? "it has none besides its root" : "it has " + string.Join(", ", there);
                return SitePlan.NotFound($"site {site.Described} has no application {url}; {has}");
            }
            return new SitePlan.Change(
                AdminApi.DeleteConfig(string.Create(CultureInfo.InvariantCulture, $"{site.Pointer}/applications/{index}"), version),
                $"removed application {url} from site {site.Described}");
        }));
        return remove;
    }

    private sealed record AppRow(string Site, string Path, string? Folder, string? Pool);

    private static int IndexOf(FoundSite site, string url) =>
        (site.Site["applications"] as JsonArray ?? []).Select((a, i) => (a, i))
            .FirstOrDefault(x => string.Equals(JsonText.String(x.a?["path"])?.TrimEnd('/'), url, StringComparison.OrdinalIgnoreCase), (null, -1)).Item2;
}
