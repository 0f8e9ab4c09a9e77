using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// IIS's ping, over HTTP: every active worker of a pool with pingingEnabled gets a GET of the
/// pool's pingPath every pingInterval; anything but an answer below 500 within pingResponseTime is
/// reported unhealthy, once, until the worker answers well again. The supervisor decides what
/// happens to the process.
/// </summary>
internal sealed class HealthWatch(TimeProvider time, Action<PoolReport> report, ILogger log)
{
    private readonly WorkerTasks _loops = new();
    private volatile IReadOnlyDictionary<string, WatchedPool> _pools = new Dictionary<string, WatchedPool>();

    /// <summary>Called each time a loop starts waiting for its next ping: tests advance a fake clock only then.</summary>
    internal Action<string>? Waiting { get; init; }

    internal int Watched => _loops.Count;

    public void Update(IReadOnlyDictionary<string, WatchedPool> pools, IReadOnlyList<PoolRoute> table)
    {
        _pools = pools;
        var wanted = new Dictionary<string, (string Pool, WorkerRoute Worker)>(StringComparer.Ordinal);
        foreach (var route in table)
        {
            if (!pools.TryGetValue(route.Pool, out var pool) || !Pings(pool)) continue;
            foreach (var worker in route.Workers)
                // A worker that listens only on its handed sockets (direct hand-off) has no endpoint www can reach.
                if (worker.Role == WorkerRole.Active && !worker.HandoffOnly) wanted[worker.Id] = (route.Pool, worker);
        }

        _loops.StopAllBut(wanted.ContainsKey);
        foreach (var (id, (pool, worker)) in wanted)
        {
            if (WorkerEndpoint.Parse(worker.Endpoint) is not { } endpoint)
            {
                PoolWatchLog.EndpointInvalid(log, pool, id, worker.Endpoint);
                continue;
            }
            _loops.Start(id, cancel => RunAsync(pool, id, endpoint, cancel));
        }
    }

    public Task StopAsync() => _loops.StopAsync();

    // A zero interval would be a loop hammering the worker: validation refuses it, and so does this.
    private static bool Pings(WatchedPool pool) =>
        pool.Config.ProcessModel.PingingEnabled && pool.Config.ProcessModel.PingInterval > TimeSpan.Zero;

    private async Task RunAsync(string poolName, string worker, System.Net.EndPoint endpoint, CancellationToken cancel)
    {
        using var probe = new WorkerProbe(endpoint, time);
        var reported = false;
        try
        {
            while (_pools.TryGetValue(poolName, out var pool) && Pings(pool))
            {
                var model = pool.Config.ProcessModel;
                var next = Task.Delay(model.PingInterval, time, cancel);
                Waiting?.Invoke(worker);
                await next.ConfigureAwait(false);

                // Settings as they are now: an apply between pings takes effect at the next one.
                if (!_pools.TryGetValue(poolName, out pool)) return;
                model = pool.Config.ProcessModel;
                var result = await probe.GetAsync(pool.HostName, model.PingPath, model.PingResponseTime, cancel).ConfigureAwait(false);
                if (result.IsHealthy)
                {
                    if (reported) PoolWatchLog.Healthy(log, pool.Config.Name, worker);
                    reported = false;
                    continue;
                }
                if (reported) continue;
                reported = true;
                var detail = result.Describe(model.PingPath, model.PingResponseTime);
                PoolWatchLog.Unhealthy(log, pool.Config.Name, worker, detail);
                report(new PoolReport { Kind = PoolReportKind.Unhealthy, Pool = pool.Config.Name, Worker = worker, Detail = detail });
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            PoolWatchLog.WatchFailed(log, poolName, worker, "health", e);
        }
    }
}
