using Wharf.Config.Model;
using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// The sockets a pool's worker is handed (<see cref="DirectHandoff"/>), from the supervisor's own
/// listener table: bound once and held there like every listener, under www's names, so the
/// supervisor keeps them across worker recycles, www restarts and /reboot. The supervisor must
/// count <see cref="DirectHandoff.Names"/> among the listeners it wants, or it closes them.
/// </summary>
internal static class HandoffSockets
{
    public static IReadOnlyList<HandedSocket> For(WharfConfig config, string pool, ListenerTable listeners)
    {
        if (!DirectHandoff.ByPool(config).TryGetValue(pool, out var specs)) return [];
        var fds = listeners.Ensure(specs);
        return [.. specs.Select(s => new HandedSocket(s.Name, fds[s.Name]))];
    }
}
