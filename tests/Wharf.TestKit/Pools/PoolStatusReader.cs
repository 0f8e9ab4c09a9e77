using System.Text.Json.Nodes;

namespace Wharf.TestKit.Pools;

/// <summary>Pools and workers as `wharf reset /status --json` reports them, and waits on that answer.</summary>
public static class PoolStatusReader
{
    public static async Task<JsonNode> PoolAsync(this WharfHost host, string pool = PoolSetup.Pool) =>
        (await host.StatusAsync())["pools"]?.AsArray().FirstOrDefault(p => string.Equals((string?)p!["name"], pool, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"no pool {pool} in the status:\n{(await host.StatusAsync()).ToJsonString()}");

    public static IReadOnlyList<JsonNode> Workers(this JsonNode pool, string? state = null) =>
        [.. (pool["workers"]?.AsArray() ?? []).Where(w => state is null || (string?)w!["state"] == state).Select(w => w!)];

    public static async Task<IReadOnlyList<int>> ActiveWorkerPidsAsync(this WharfHost host, string pool = PoolSetup.Pool) =>
        [.. (await host.PoolAsync(pool)).Workers("active").Select(w => (int)w["pid"]!)];

    /// <summary>Asks for the status until the pool matches (bounded), and returns that answer.</summary>
    public static async Task<JsonNode> WaitForPoolAsync(this WharfHost host, Func<JsonNode, bool> match, string what,
        TimeSpan? timeout = null, string pool = PoolSetup.Pool)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await host.StatusAsync())["pools"]?.AsArray()
                .FirstOrDefault(p => string.Equals((string?)p!["name"], pool, StringComparison.OrdinalIgnoreCase));
            if (last is not null && match(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"pool {pool} did not reach '{what}' within {timeout ?? TimeSpan.FromSeconds(30)}; last status:\n{last?.ToJsonString()}\n{host.Output}");
    }

    /// <summary>Waits until the pool has <paramref name="count"/> active workers, none of them in <paramref name="notThese"/>, and returns their pids.</summary>
    public static async Task<IReadOnlyList<int>> WaitForActiveWorkersAsync(this WharfHost host, int count = 1, IEnumerable<int>? notThese = null,
        TimeSpan? timeout = null, string pool = PoolSetup.Pool)
    {
        var old = notThese?.ToHashSet() ?? [];
        var answer = await host.WaitForPoolAsync(p =>
        {
            var active = p.Workers("active").Select(w => (int)w["pid"]!).ToList();
            return active.Count == count && !active.Any(old.Contains);
        }, $"{count} active worker(s){(old.Count > 0 ? " other than " + string.Join(",", old) : "")}", timeout, pool);
        return [.. answer.Workers("active").Select(w => (int)w["pid"]!)];
    }
}
