using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www;

/// <summary>
/// `wharf site list|show|add|remove|start|stop|set` and `wharf site binding add|remove`: appcmd's
/// site verbs, as clients of the admin API (docs/cli-sites.md). Reads come from GET /api/config;
/// each change is one PUT or DELETE by JSON Pointer with If-Match of the version read (SiteEdit).
/// </summary>
internal static class SiteCommands
{
    internal const string NameHelp = "The site's name, as `wharf site list` shows it (case does not matter).";

    public static Command Create(Option<string?> root, CliConsole console)
    {
        var site = new Command("site", "List, show, add, remove, start, stop and change web sites and their bindings.");
        site.Add(List(root, console));
        site.Add(Show(root, console));
        foreach (var command in SiteChangeCommands.Create(root, console)) site.Add(command);
        site.Add(BindingCommands.Create(root, console));
        return site;
    }

    private static Command List(Option<string?> root, CliConsole console)
    {
        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List every site: id, name, state, bindings (protocol/address:port:host) and physical path.") { json };
        list.SetAction((result, token) => ReadAsync(result, root, console, token, (_, sites) =>
        {
            if (result.GetValue(json))
                console.Out.WriteLine(Indented(new JsonArray(sites.OfType<JsonObject>().Select(s => (JsonNode?)SiteView.Summary(s)).ToArray())));
            else
                foreach (var line in SiteRenderer.Table(sites)) console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Show(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = NameHelp };
        var json = ServiceCommands.JsonOption();
        var show = new Command("show", "Show everything about one site, defaults included, one setting a line as `wharf site set` takes it.") { name, json };
        show.SetAction((result, token) => ReadAsync(result, root, console, token, (document, sites) =>
        {
            var wanted = result.GetValue(name)!;
            if (SiteDocument.Find(document, wanted) is not { } found || sites[found.Index] is not JsonObject site)
            {
                console.Error.WriteLine(SiteDocument.NoSuchSite(document, wanted));
                return ExitCodes.Failed;
            }
            if (result.GetValue(json)) console.Out.WriteLine(Indented(site));
            else foreach (var line in SiteRenderer.Show(site)) console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return show;
    }

    /// <summary>Reads the configuration and hands the document and its sites as in force to <paramref name="show"/>.</summary>
    internal static async Task<int> ReadAsync(ParseResult result, Option<string?> root, CliConsole console, CancellationToken token,
        Func<JsonNode, JsonArray, int> show)
    {
        using var client = new AdminClient(ServiceCommands.FindRoot(result, root));
        var (document, _, failure) = await SiteEdit.ReadAsync(client, console, token).ConfigureAwait(false);
        if (document is null) return failure;
        return show(document, SiteView.Effective(document));
    }

    /// <summary>Runs a change (SiteEdit); once it is done, notes each of <paramref name="folders"/> that is not there.</summary>
    internal static async Task<int> ChangeAsync(ParseResult result, Option<string?> root, Option<bool> json, CliConsole console,
        CancellationToken token, Func<JsonNode, long?, SitePlan> decide, params IEnumerable<string> folders)
    {
        var dataRoot = ServiceCommands.FindRoot(result, root);
        var code = await SiteEdit.RunAsync(dataRoot, decide, result.GetValue(json), console, token).ConfigureAwait(false);
        if (code == ExitCodes.Ok)
            foreach (var folder in folders) NoteMissingFolder(dataRoot, folder, console);
        return code;
    }

    /// <summary>A local mistake of the command line, found before anything is sent.</summary>
    internal static int Usage(CliConsole console, string command, string message)
    {
        console.Error.WriteLine($"wharf {command}: {message}");
        return ExitCodes.Usage;
    }

    /// <summary>
    /// Says so when a folder a change names is not there (relative to the data root, as Wharf
    /// resolves it). Only a note: it may be made later, or live where this user cannot look.
    /// </summary>
    private static void NoteMissingFolder(DataRoot root, string folder, CliConsole console)
    {
        var full = Path.IsPathRooted(folder) ? folder : Path.Combine(root.Path, folder);
        if (!Directory.Exists(full))
            console.Error.WriteLine($"note: the folder {full} does not exist (yet); requests for it are answered 404 until it does");
    }

    internal static string Indented(JsonNode node) => JsonText.Indent(JsonText.OneLineOf(node));
}
