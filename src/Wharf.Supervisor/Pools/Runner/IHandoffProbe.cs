using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Direct hand-off's readiness: a worker that takes only its handed sockets is ready once it waits
/// for connections on one of them. Tests give a fake that says so when told.
/// </summary>
internal interface IHandoffProbe
{
    /// <summary>Completes when a process of the worker's session (<paramref name="pid"/> leads it) waits on one of <paramref name="handed"/>.</summary>
    Task WaitTakesAsync(int pid, IReadOnlyList<HandedSocket> handed, CancellationToken cancellationToken);
}
