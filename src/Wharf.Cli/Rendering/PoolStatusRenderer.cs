using System.Globalization;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Cli.Rendering;

/// <summary>
/// Application pools and their worker processes as tables: `wharf reset /status`, `wharf apppool
/// show` and `wharf worker list`. Pure, like <see cref="StatusRenderer"/>.
/// </summary>
internal static class PoolStatusRenderer
{
    public static IReadOnlyList<string> PoolTable(IReadOnlyList<PoolStatus> pools)
    {
        var rows = new List<string[]> { new[] { "POOL", "STATE", "WORKERS", "RECYCLES", "RECENT FAILURES", "QUEUE" } };
        rows.AddRange(pools.Select(p => new[]
        {
            p.Name,
            p.State.Spelling(),
            p.HasWorkers ? p.Workers.Count.ToString(CultureInfo.InvariantCulture) : "none (www serves its content)",
            p.HasWorkers ? p.Recycles.ToString(CultureInfo.InvariantCulture) : "-",
            p.HasWorkers ? p.RecentFailures.ToString(CultureInfo.InvariantCulture) : "-",
            p.QueueLength?.ToString(CultureInfo.InvariantCulture) ?? "-",
        }));
        var lines = new List<string>(TextTable.Format(rows));
        foreach (var p in pools.Where(p => !string.IsNullOrEmpty(p.Message) && p.State != PoolRouteState.Running))
            lines.Add($"  {p.Name}: {p.Message}");
        return lines;
    }

    public static IReadOnlyList<string> WorkerTable(IReadOnlyList<WorkerStatus> workers)
    {
        var rows = new List<string[]> { new[] { "PID", "POOL", "WORKER", "STATE", "UPTIME", "SERVED", "IN FLIGHT", "MEMORY", "CPU" } };
        rows.AddRange(workers.Select(w => new[]
        {
            w.Pid.ToString(CultureInfo.InvariantCulture),
            w.Pool,
            w.Id,
            w.State.Spelling(),
            w.UptimeSeconds is { } up ? StatusRenderer.Uptime(up) : "-",
            w.RequestsServed?.ToString(CultureInfo.InvariantCulture) ?? "-",
            w.RequestsInFlight?.ToString(CultureInfo.InvariantCulture) ?? "-",
            w.PrivateMemoryBytes is { } bytes ? Memory(bytes) : "-",
            w.CpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
        }));
        return TextTable.Format(rows);
    }

    /// <summary>The `wharf reset /status` part: pools, then their workers when any run.</summary>
    public static IReadOnlyList<string> StatusSection(IReadOnlyList<PoolStatus> pools)
    {
        if (pools.Count == 0) return [];
        var lines = new List<string> { "" };
        lines.AddRange(PoolTable(pools));
        var workers = pools.SelectMany(p => p.Workers).ToList();
        if (workers.Count > 0)
        {
            lines.Add("");
            lines.AddRange(WorkerTable(workers));
        }
        return lines;
    }

    /// <summary>Private memory in binary units, one decimal above KiB: "512 KiB", "12.3 MiB".</summary>
    public static string Memory(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
    };
}
