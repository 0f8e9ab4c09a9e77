using Wharf.Hosting.Control.Metrics;

namespace Wharf.Admin.Metrics;

/// <summary>
/// One chart point from two readings: rates are counter deltas over the time between them. A
/// counter that went down, or whose process changed (www restarted: a new pid), started again
/// from zero, so its delta is its whole value, never negative.
/// </summary>
internal static class SampleRates
{
    public static MetricsSample Compute(HostReading previous, HostReading current)
    {
        var seconds = (current.Time - previous.Time).TotalSeconds;
        if (seconds <= 0) seconds = double.Epsilon;

        double requests = 0, sent = 0, received = 0;
        var byClass = new double[5];
        foreach (var (service, sites) in current.Sites)
        {
            var before = SameProcess(previous, current, service) ? Index(previous.Sites.GetValueOrDefault(service)) : [];
            foreach (var site in sites)
            {
                var old = before.GetValueOrDefault(site.Site);
                foreach (var (status, count) in site.Statuses)
                {
                    var delta = Delta(old?.Statuses.FirstOrDefault(s => s.Status == status)?.Count ?? 0, count);
                    requests += delta;
                    if (status / 100 is >= 1 and <= 5 and var cls) byClass[cls - 1] += delta;
                }
                sent += Delta(old?.BytesSent ?? 0, site.BytesSent);
                received += Delta(old?.BytesReceived ?? 0, site.BytesReceived);
            }
        }

        var pools = new Dictionary<string, PoolSample>(StringComparer.Ordinal);
        foreach (var pool in current.Pools.Where(p => p.HasWorkers))
        {
            var oldWorkers = previous.Pools.FirstOrDefault(p => p.Name == pool.Name)?.Workers ?? [];
            double cpu = 0;
            foreach (var worker in pool.Workers)
            {
                if (worker.CpuSeconds is not { } now) continue;
                var old = oldWorkers.FirstOrDefault(w => w.Id == worker.Id && w.Pid == worker.Pid);
                // A worker not seen before that was running already had no sample then: its CPU so far is not this interval's.
                if (old is null && worker.StartedAt < previous.Time) continue;
                cpu += Math.Max(0, now - (old?.CpuSeconds ?? 0));
            }
            pools[pool.Name] = new PoolSample
            {
                QueueLength = pool.QueueLength ?? 0,
                MemoryBytes = pool.Workers.Sum(w => w.PrivateMemoryBytes ?? 0),
                CpuPercent = Math.Round(cpu / seconds * 100, 2),
            };
        }

        return new MetricsSample
        {
            T = current.Time,
            RequestsPerSecond = Rate(requests, seconds),
            StatusPerSecond = new Dictionary<string, double>
            {
                ["1xx"] = Rate(byClass[0], seconds),
                ["2xx"] = Rate(byClass[1], seconds),
                ["3xx"] = Rate(byClass[2], seconds),
                ["4xx"] = Rate(byClass[3], seconds),
                ["5xx"] = Rate(byClass[4], seconds),
            },
            BytesSentPerSecond = Rate(sent, seconds),
            BytesReceivedPerSecond = Rate(received, seconds),
            Connections = current.Services.Sum(s => s.Connections ?? 0),
            Pools = pools,
        };
    }

    /// <summary>A counter's growth; one that went down started again from zero.</summary>
    public static long Delta(long before, long now) => now >= before ? now - before : now;

    private static double Rate(double amount, double seconds) => Math.Round(amount / seconds, 3);

    private static bool SameProcess(HostReading previous, HostReading current, string service) =>
        previous.Services.FirstOrDefault(s => s.Name == service)?.Pid is { } before
        && current.Services.FirstOrDefault(s => s.Name == service)?.Pid == before;

    private static Dictionary<string, SiteFigures> Index(IReadOnlyList<SiteFigures>? sites)
    {
        var index = new Dictionary<string, SiteFigures>(StringComparer.Ordinal);
        foreach (var site in sites ?? []) index[site.Site] = site;
        return index;
    }
}
