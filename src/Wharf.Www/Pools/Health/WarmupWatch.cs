using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// IIS's applicationInitialization: a warming worker of a pool with a warm-up path gets one GET of
/// it (retried while nothing listens yet, up to startupTimeLimit) before it takes traffic; below 500
/// it is reported warmed, otherwise warm-failed with what it got. Once per worker.
/// </summary>
internal sealed class WarmupWatch(TimeProvider time, Action<PoolReport> report, ILogger log)
{
    /// <summary>Between connection attempts while the worker's socket is not accepting yet.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly WorkerTasks _warmups = new();
    private readonly Lock _lock = new();
    // Workers already taken in hand: a warm-up is sent once, even if the table still says warming after it.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Called each time a warm-up waits to retry: tests advance a fake clock only then.</summary>
    internal Action<string>? Waiting { get; init; }

    public void Update(IReadOnlyDictionary<string, WatchedPool> pools, IReadOnlyList<PoolRoute> table)
    {
        var warming = new Dictionary<string, (WatchedPool Pool, WorkerRoute Worker)>(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in table)
        {
            foreach (var worker in route.Workers)
            {
                present.Add(worker.Id);
                // A pool not in this configuration yet is taken when the configuration that has it is applied.
                if (worker.Role == WorkerRole.Warming && pools.TryGetValue(route.Pool, out var pool)) warming[worker.Id] = (pool, worker);
            }
        }

        // A worker no longer warming (the supervisor gave up on it, or it left) is not waited for.
        _warmups.StopAllBut(warming.ContainsKey);
        lock (_lock)
        {
            _seen.IntersectWith(present);
            foreach (var (id, (pool, worker)) in warming)
            {
                if (!_seen.Add(id)) continue;
                Begin(pool, id, worker.Endpoint);
            }
        }
    }

    public Task StopAsync() => _warmups.StopAsync();

    private void Begin(WatchedPool pool, string worker, string endpointText)
    {
        var name = pool.Config.Name;
        var path = pool.Config.Program?.WarmupPath;
        if (path is null)
        {
            // Nothing to send: the worker is as warm as it will get (the configuration may have
            // dropped the path after the supervisor read it).
            Report(PoolReportKind.Warmed, name, worker, "no warm-up path");
            return;
        }
        if (WorkerEndpoint.Parse(endpointText) is not { } endpoint)
        {
            Report(PoolReportKind.WarmFailed, name, worker, $"no endpoint to send {path} to ({endpointText})");
            return;
        }
        _warmups.Start(worker, cancel => RunAsync(pool, worker, endpoint, path, cancel));
    }

    private async Task RunAsync(WatchedPool pool, string worker, EndPoint endpoint, string path, CancellationToken cancel)
    {
        var name = pool.Config.Name;
        var limit = pool.Config.ProcessModel.StartupTimeLimit;
        var started = time.GetTimestamp();
        try
        {
            using var probe = new WorkerProbe(endpoint, time);
            // Yield first, so that the first request goes out after Update has returned.
            await Task.Yield();
            while (true)
            {
                var left = limit - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    Report(PoolReportKind.WarmFailed, name, worker, $"connection refused for {ProbeResult.Seconds(limit)}");
                    return;
                }
                var result = await probe.GetAsync(pool.HostName, path, left, cancel).ConfigureAwait(false);
                if (result.Outcome == ProbeOutcome.Refused)
                {
                    var retry = Task.Delay(RetryDelay, time, cancel);
                    Waiting?.Invoke(worker);
                    await retry.ConfigureAwait(false);
                    continue;
                }
                if (result.IsHealthy) Report(PoolReportKind.Warmed, name, worker, $"{result.Status} from {path}");
                else Report(PoolReportKind.WarmFailed, name, worker, result.Describe(path, limit));
                return;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            PoolWatchLog.WatchFailed(log, name, worker, "warm-up", e);
        }
    }

    private void Report(PoolReportKind kind, string pool, string worker, string detail)
    {
        if (kind == PoolReportKind.Warmed) PoolWatchLog.Warmed(log, pool, worker, detail);
        else PoolWatchLog.WarmFailed(log, pool, worker, detail);
        report(new PoolReport { Kind = kind, Pool = pool, Worker = worker, Detail = detail });
    }
}
