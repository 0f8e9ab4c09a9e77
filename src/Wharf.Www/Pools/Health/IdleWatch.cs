using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// Looks at every pool with an idleTimeout once a second and reports the idle ones
/// (<see cref="IdleRule"/>); the supervisor stops or suspends their workers. A pool with handed
/// sockets (direct hand-off) is never idle by this: www does not see its requests, and a suspended
/// worker would never be thawed by one.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    /// <summary>How late an idle report may be: a second is nothing against minutes of idleTimeout.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly PoolActivity _activity;
    private readonly Action<PoolReport> _report;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IdleRule> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly ITimer _timer;
    private IReadOnlyDictionary<string, WatchedPool> _pools = new Dictionary<string, WatchedPool>();
    private IReadOnlyList<PoolRoute> _table = [];
    private bool _stopped;

    public IdleWatch(TimeProvider time, PoolActivity activity, Action<PoolReport> report, ILogger log)
    {
        _time = time;
        _activity = activity;
        _report = report;
        _log = log;
        _timer = time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
    }

    public void Update(IReadOnlyDictionary<string, WatchedPool> pools, IReadOnlyList<PoolRoute> table)
    {
        lock (_lock)
        {
            _pools = pools;
            _table = table;
            Check();
        }
    }

    internal void Check()
    {
        lock (_lock)
        {
            if (_stopped) return;
            foreach (var route in _table)
            {
                // Connections on a handed socket go to the workers without www: it cannot tell idle from busy.
                if (!_pools.TryGetValue(route.Pool, out var pool) || pool.Handed) continue;
                var active = route.State == PoolRouteState.Running && route.Workers.Any(w => w.Role == WorkerRole.Active);
                if (!_rules.TryGetValue(pool.Config.Name, out var rule)) _rules[pool.Config.Name] = rule = new IdleRule(_time);

                var timeout = pool.Config.ProcessModel.IdleTimeout;
                // A request still in flight (a WebSocket, a long download) is activity now.
                var since = _activity.InFlight(pool.Config.Name) > 0 ? TimeSpan.Zero : _activity.SinceLastRequest(pool.Config.Name);
                if (!rule.Check(active, since, timeout)) continue;
                var detail = $"no request for {ProbeResult.Seconds(timeout)}";
                PoolWatchLog.Idle(_log, pool.Config.Name, detail);
                _report(new PoolReport { Kind = PoolReportKind.Idle, Pool = pool.Config.Name, Detail = detail });
            }
        }
    }

    public void Dispose()
    {
        lock (_lock) _stopped = true;
        _timer.Dispose();
    }
}
