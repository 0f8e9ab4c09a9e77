using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>
/// `wharf apppool list` as a table, `show` as one setting a line (named and written as `wharf
/// apppool set` takes it) followed by the runtime, and the answer of start, stop and recycle.
/// Pure: the API's JSON in, lines out.
/// </summary>
internal static class AppPoolRenderer
{
    public static IReadOnlyList<string> Table(JsonArray pools)
    {
        if (pools.Count == 0) return ["no application pools; add one with `wharf apppool add NAME --command PATH`"];
        var rows = new List<string[]> { new[] { "NAME", "STATE", "START MODE", "WORKERS", "PROGRAM" } };
        foreach (var view in pools.OfType<JsonObject>())
        {
            var configuration = view["configuration"] as JsonObject ?? [];
            var status = Status(view);
            var program = configuration["program"] as JsonObject;
            rows.Add([
                JsonText.String(view["name"]) ?? "-",
                State(configuration, status),
                JsonText.String(configuration["startMode"]) ?? "onDemand",
                program is null ? "-" : status is null ? "?" : status.Workers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                program is null ? "none: www serves its content" : Program(program),
            ]);
        }
        return TextTable.Format(rows);
    }

    public static IReadOnlyList<string> Show(JsonObject view)
    {
        var rows = new List<string[]>();
        var configuration = view["configuration"] as JsonObject ?? [];
        Fields(configuration, [], rows);
        var usedBy = (view["usedBy"] as JsonArray ?? []).Select(JsonText.String).OfType<string>().ToList();
        rows.Add(["usedBy", usedBy.Count == 0 ? "nothing" : string.Join(", ", usedBy)]);
        var lines = new List<string>(TextTable.Format(rows)) { "" };
        lines.AddRange(Runtime(view, configuration));
        return lines;
    }

    /// <summary>start, stop, recycle: what changed in the configuration, what the supervisor said, and the pool now.</summary>
    public static int Action(JsonObject answer, CliConsole console)
    {
        if (answer["commit"] is JsonObject commit && (commit["changes"] as JsonArray)?.Count > 0)
            foreach (var line in ChangeRenderer.Commit(commit)) console.Out.WriteLine(line);
        var ok = JsonText.Bool(answer["ok"]) != false;
        if (JsonText.String(answer["message"]) is { Length: > 0 } message) (ok ? console.Out : console.Error).WriteLine(message);
        if (Status(answer) is { } status)
        {
            foreach (var line in PoolStatusRenderer.PoolTable([status])) console.Out.WriteLine(line);
            if (status.Workers.Count > 0)
                foreach (var line in PoolStatusRenderer.WorkerTable(status.Workers)) console.Out.WriteLine(line);
        }
        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static IEnumerable<string> Runtime(JsonObject view, JsonObject configuration)
    {
        if (JsonText.String(view["statusError"]) is { } error)
        {
            yield return $"runtime: unknown; {error}";
            yield break;
        }
        if (configuration["program"] is not JsonObject)
        {
            yield return "runtime: no program, so no workers; www serves this pool's applications' content itself";
            yield break;
        }
        if (Status(view) is not { } status)
        {
            yield return "runtime: the supervisor runs nothing for this pool (yet)";
            yield break;
        }
        yield return $"state             {status.State.Spelling()}";
        if (status.Message is { Length: > 0 } message) yield return $"message           {message}";
        yield return $"recycles          {status.Recycles}";
        yield return $"recent failures   {status.RecentFailures} (rapid-fail protection counts them)";
        if (status.QueueLength is { } queue) yield return $"queue             {queue} waiting";
        yield return $"cgroups           {status.Cgroups ?? "not reported"}";
        if (status.Workers.Count == 0)
        {
            yield return "workers           none running";
            yield break;
        }
        yield return "";
        foreach (var line in PoolStatusRenderer.WorkerTable(status.Workers)) yield return line;
    }

    private static string State(JsonObject configuration, PoolStatus? status) =>
        status?.State.Spelling() ?? JsonText.String(configuration["state"]) ?? "started";

    private static string Program(JsonObject program) =>
        string.Join(' ', new[] { JsonText.String(program["command"]) ?? "?" }
            .Concat((program["arguments"] as JsonArray ?? []).Select(a => JsonText.String(a) ?? "")));

    /// <summary>The runtime status in an answer, read back into the contract's type.</summary>
    internal static PoolStatus? Status(JsonObject answer)
    {
        if (answer["status"] is not JsonObject status) return null;
        try { return status.Deserialize(HostingJsonContext.Default.PoolStatus); }
        catch (JsonException) { return null; }
    }

    private static void Fields(JsonObject value, List<string> path, List<string[]> rows)
    {
        // The model's fields in its order, so a null (no program, no account) shows as null rather than not at all.
        var names = SiteSettings.Fields(SiteSettings.ItemsOf("applicationPools"), "pool", path);
        foreach (var name in names.Concat(value.Select(p => p.Key).Where(k => !names.Contains(k))))
        {
            var field = value[name];
            var key = string.Join('.', [.. path, name]);
            if (key == "program.environment")
            {
                var variables = (field as JsonArray ?? []).OfType<JsonObject>().Select(v => $"{JsonText.String(v["name"])}={JsonText.String(v["value"])}").ToList();
                if (variables.Count == 0) rows.Add([key, "[]"]);
                for (var i = 0; i < variables.Count; i++) rows.Add([i == 0 ? key : "", variables[i]]);
            }
            else if (field is JsonObject inner) Fields(inner, [.. path, name], rows);
            else rows.Add([key, JsonText.Plain(field)]);
        }
    }
}
