using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools;

/// <summary>One pool with workers as the request path sees it: its configuration, its row of the supervisor's table, its queue.</summary>
internal sealed class PoolEntry(AppPoolConfig config, PoolQueue queue)
{
    private AppPoolConfig _config = config;
    private PoolRoute? _route;

    public string Name { get; } = config.Name;

    public PoolQueue Queue { get; } = queue;

    public AppPoolConfig Config
    {
        get => Volatile.Read(ref _config);
        set => Volatile.Write(ref _config, value);
    }

    /// <summary>Null until the supervisor's table names the pool: it then takes requests, which wait and ask for a worker.</summary>
    public PoolRoute? Route
    {
        get => Volatile.Read(ref _route);
        set => Volatile.Write(ref _route, value);
    }

    /// <summary>Stopped in the configuration, or by the supervisor (an administrator, rapid-fail protection): 503 at once.</summary>
    public bool Refuses => Config.State == AppPoolState.Stopped || Route is { State: not PoolRouteState.Running };
}
