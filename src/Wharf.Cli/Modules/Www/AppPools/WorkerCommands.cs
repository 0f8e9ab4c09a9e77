using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Rendering;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>`wharf worker list [--pool NAME]`: appcmd's `list wp`, from GET /api/workers.</summary>
internal static class WorkerCommands
{
    public static Command Create(Option<string?> root, CliConsole console)
    {
        var worker = new Command("worker", "List the worker processes of the application pools.");
        var pool = new Option<string?>("--pool") { HelpName = "NAME", Description = "Only this pool's workers." };
        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List every worker process: pid, pool, state, uptime, requests served and in flight, private memory and CPU.") { pool, json };
        list.SetAction((result, token) => AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root), AdminApi.Workers(result.GetValue(pool)?.Trim()),
            result.GetValue(json), console, (body, _, c) =>
            {
                var workers = Workers(body as JsonArray ?? []);
                if (workers.Count == 0) c.Out.WriteLine("no worker processes are running (a pool starts them on its first request, or at once with startMode alwaysRunning)");
                else foreach (var line in PoolStatusRenderer.WorkerTable(workers)) c.Out.WriteLine(line);
                return ExitCodes.Ok;
            }, null, token));
        worker.Add(list);
        return worker;
    }

    internal static IReadOnlyList<WorkerStatus> Workers(JsonArray array)
    {
        var workers = new List<WorkerStatus>();
        foreach (var item in array.OfType<JsonObject>())
        {
            try
            {
                if (item.Deserialize(HostingJsonContext.Default.WorkerStatus) is { } worker) workers.Add(worker);
            }
            catch (JsonException) { }
        }
        return workers;
    }
}
