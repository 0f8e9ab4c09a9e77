using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www;

/// <summary>`wharf vdir list|add|remove`: virtual directories (URL paths served from another folder), named SITE/PATH.</summary>
internal static class VdirCommands
{
    private const string TargetHelp =
        "The site's name, a slash and the URL path (\"Default Web Site/images\"); under one of the site's applications when the path falls in it.";

    public static Command Create(Option<string?> root, CliConsole console)
    {
        var vdir = new Command("vdir", "List, add or remove virtual directories: URL paths of a site served from another folder.");
        vdir.Add(List(root, console));
        vdir.Add(Add(root, console));
        vdir.Add(Remove(root, console));
        return vdir;
    }

    private static Command List(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string?>("SITE") { Description = "Only this site's (default: every site's).", Arity = ArgumentArity.ZeroOrOne };
        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List virtual directories: site, URL path, folder, application.") { name, json };
        list.SetAction((result, token) => SiteCommands.ReadAsync(result, root, console, token, (document, _) =>
        {
            var sites = SiteDocument.Sites(document).OfType<JsonObject>().ToList();
            if (result.GetValue(name) is { } only)
            {
                if (SiteDocument.Find(document, only) is not { } found)
                {
                    console.Error.WriteLine(SiteDocument.NoSuchSite(document, only));
                    return ExitCodes.Failed;
                }
                sites = [found.Site];
            }
            var rows = sites.SelectMany(s => VdirTarget.All(s).Select(d => (Site: SiteView.Name(s), d.Url, d.Folder, d.Application))).ToList();
            if (result.GetValue(json))
            {
                console.Out.WriteLine(SiteCommands.Indented(new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["site"] = r.Site,
                    ["path"] = r.Url,
                    ["physicalPath"] = r.Folder,
                    ["application"] = r.Application,
                }).ToArray())));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                console.Out.WriteLine("no virtual directories; add one with `wharf vdir add SITE/PATH --path DIR`");
                return ExitCodes.Ok;
            }
            var table = new List<string[]> { new[] { "SITE", "PATH", "PHYSICAL PATH", "APPLICATION" } };
            table.AddRange(rows.Select(r => new[] { r.Site, r.Url, r.Folder ?? "-", r.Application }));
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
            Description = "The folder it serves: absolute, or relative to the data root.",
        };
        var json = ServiceCommands.JsonOption();
        var add = new Command("add", "Add a virtual directory: serve SITE/PATH from another folder.") { target, path, json };
        add.SetAction((result, token) =>
        {
            var folder = result.GetValue(path)!;
            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                var (vdir, error, code) = VdirTarget.Locate(document, result.GetValue(target)!);
                if (vdir is null) return new SitePlan.Refused(error!, code);
                var index = vdir.IndexIn();
                if (index >= 0)
                {
                    var existing = JsonText.String(vdir.List![index]?["physicalPath"]);
                    return existing == folder
                        ? new SitePlan.AlreadySo($"{vdir.Described} is already a virtual directory served from {folder}")
                        : new SitePlan.Refused($"{vdir.Described} is already a virtual directory, served from {existing}; remove it first (`wharf vdir remove`) or change it with `wharf config set`", ExitCodes.InvalidConfig);
                }
                var item = new JsonObject { ["path"] = vdir.Path, ["physicalPath"] = folder };
                return SiteChangeCommands.Append(document, vdir.ListPointer, item, version, $"added virtual directory {vdir.Described}, served from {folder}");
            }, folder);
        });
        return add;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var target = new Argument<string>("SITE/PATH") { Description = TargetHelp };
        var json = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove a virtual directory (its folder is left alone).") { target, json };
        remove.SetAction((result, token) => SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
        {
            var (vdir, error, code) = VdirTarget.Locate(document, result.GetValue(target)!);
            if (vdir is null) return new SitePlan.Refused(error!, code);
            var index = vdir.IndexIn();
            if (index < 0)
            {
                var there = VdirTarget.All(vdir.Site.Site).Select(d => d.Url).ToList();
                var has = there.Count == 0 ? "it has none" : "it has " + string.Join(", ", there);
                return SitePlan.NotFound($"site {vdir.Site.Described} has no virtual directory {vdir.UrlPath}; {has}");
            }
            return new SitePlan.Change(
                AdminApi.DeleteConfig(string.Create(CultureInfo.InvariantCulture, $"{vdir.ListPointer}/{index}"), version),
                $"removed virtual directory {vdir.Described}");
        }));
        return remove;
    }
}
