using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Pools;

/// <summary>What a supervisor leaves of its workers on disk: state/workers.json and the logs under logs/pools/.</summary>
internal static class WorkerTraces
{
    public static string RecordsFile(WharfHost host) => Path.Combine(host.Root, "state", "workers.json");

    /// <summary>state/workers.json as the supervisor last wrote it.</summary>
    public static JsonArray Records(WharfHost host) => JsonNode.Parse(File.ReadAllText(RecordsFile(host)))!.AsArray();

    /// <summary>Waits (bounded) until workers.json lists exactly these pids: it is written after each change, not at once.</summary>
    public static async Task<JsonArray> WaitForRecordsAsync(WharfHost host, IReadOnlyCollection<int> pids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var records = File.Exists(RecordsFile(host)) ? Records(host) : [];
            var listed = records.Select(r => (int)r!["pid"]!).Order().ToArray();
            if (listed.SequenceEqual(pids.Order())) return records;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"workers.json lists {string.Join(",", listed)}, not {string.Join(",", pids.Order())}:\n{records.ToJsonString()}");
            await Task.Delay(100); // written by rename: no event to wait on that a watcher would not coalesce
        }
    }

    /// <summary>Field 22 of /proc/PID/stat: the process's start time in clock ticks since boot.</summary>
    public static ulong StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    /// <summary>Every worker log file of the pool whose name ends so (".out.log", ".err.log"), with what it holds.</summary>
    public static IReadOnlyList<(string Path, string Text)> Logs(WharfHost host, string suffix)
    {
        var folder = Path.Combine(host.Root, "logs", "pools");
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.EnumerateFiles(folder, "*" + suffix, SearchOption.AllDirectories).Select(p => (p, Read(p)))];
    }

    /// <summary>
    /// Waits (bounded) until a log file ending in <paramref name="suffix"/> holds <paramref name="line"/>:
    /// the supervisor copies a worker's pipes into its files on threads of its own, so a line
    /// arrives a moment after the request that wrote it was answered.
    /// </summary>
    public static async Task WaitForLogLineAsync(WharfHost host, string suffix, string line, TimeSpan timeout)
    {
        var folder = Path.Combine(host.Root, "logs", "pools");
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        var deadline = DateTime.UtcNow + timeout;
        while (!Logs(host, suffix).Any(l => l.Text.Contains(line, StringComparison.Ordinal)))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"no *{suffix} under {folder} holds '{line}' within {timeout}:\n" +
                    string.Join("\n", Logs(host, suffix).Select(l => $"{l.Path}:\n{l.Text}")));
            await changed.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
