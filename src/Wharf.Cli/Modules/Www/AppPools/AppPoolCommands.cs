using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>
/// `wharf apppool list|show|add|remove|start|stop|recycle|set`: appcmd's apppool verbs, as
/// clients of the admin API (docs/application-pools.md). list and show read /api/apppools
/// (configuration and runtime); add, remove and set are one change against the version read,
/// with If-Match (SiteEdit); start, stop and recycle are the pool's own endpoints.
/// </summary>
internal static class AppPoolCommands
{
    internal const string NameHelp = "The pool's name, as `wharf apppool list` shows it (case does not matter).";

    public static Command Create(Option<string?> root, CliConsole console)
    {
        var apppool = new Command("apppool", "List, show, add, remove, start, stop, recycle and change application pools.");
        apppool.Add(List(root, console));
        apppool.Add(Show(root, console));
        foreach (var command in AppPoolChangeCommands.Create(root, console)) apppool.Add(command);
        return apppool;
    }

    private static Command List(Option<string?> root, CliConsole console)
    {
        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List every application pool: name, state, start mode, workers and program.") { json };
        list.SetAction((result, token) => AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root), AdminApi.AppPools(), result.GetValue(json), console,
            (body, _, c) =>
            {
                foreach (var line in AppPoolRenderer.Table(body as JsonArray ?? [])) c.Out.WriteLine(line);
                return ExitCodes.Ok;
            }, null, token));
        return list;
    }

    private static Command Show(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = NameHelp };
        var json = ServiceCommands.JsonOption();
        var show = new Command("show", "Show one pool: every setting, defaults included, as `wharf apppool set` names it; who uses it; its state, workers, recent failures and what the machine allows for CPU and memory limits.") { name, json };
        show.SetAction((result, token) => AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root), AdminApi.AppPool(result.GetValue(name)!.Trim()), result.GetValue(json), console,
            (body, _, c) =>
            {
                foreach (var line in AppPoolRenderer.Show(body as JsonObject ?? [])) c.Out.WriteLine(line);
                return ExitCodes.Ok;
            }, null, token));
        return show;
    }
}
