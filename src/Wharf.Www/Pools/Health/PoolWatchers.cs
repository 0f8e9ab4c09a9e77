using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Offline;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// www's watchers over the pools' workers, as WwwService holds them: health requests, warm-up,
/// idleness and app_offline.htm. They send requests and watch files; what happens to a process is
/// the supervisor's decision, told through <see cref="PoolReport"/>s.
/// </summary>
internal sealed class PoolWatchers : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly HealthWatch _health;
    private readonly WarmupWatch _warmup;
    private readonly IdleWatch _idle;
    private readonly AppOfflineWatch _offline;
    private IReadOnlyDictionary<string, WatchedPool> _pools = new Dictionary<string, WatchedPool>();
    private IReadOnlyList<PoolRoute> _table = [];
    private bool _stopped;

    public PoolWatchers(TimeProvider time, PoolActivity activity, AppOffline appOffline, DataRoot root, Action<PoolReport> report, ILogger log)
    {
        _health = new HealthWatch(time, report, log);
        _warmup = new WarmupWatch(time, report, log);
        _idle = new IdleWatch(time, activity, report, log);
        _offline = new AppOfflineWatch(appOffline, root, time, report, log);
    }

    /// <summary>At start and at each apply: what the pools are, and which folders may hold app_offline.htm.</summary>
    public void Apply(WharfConfig config)
    {
        lock (_lock)
        {
            if (_stopped) return;
            _pools = WatchedPool.From(config);
            _offline.Apply(config);
            Update();
        }
    }

    /// <summary>The supervisor's table, whole, at each change.</summary>
    public void OnWorkers(IReadOnlyList<PoolRoute> table)
    {
        lock (_lock)
        {
            if (_stopped) return;
            _table = table;
            Update();
        }
    }

    private void Update()
    {
        _health.Update(_pools, _table);
        _warmup.Update(_pools, _table);
        _idle.Update(_pools, _table);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_stopped) return;
            _stopped = true;
        }
        _idle.Dispose();
        _offline.Dispose();
        await Task.WhenAll(_health.StopAsync(), _warmup.StopAsync()).ConfigureAwait(false);
    }
}
