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

/// <summary>Reads /proc (<see cref="HandedSocketUse"/>) until it shows, quickly at first and then every 100 ms, as <see cref="SocketEndpointProbe"/> connects.</summary>
internal sealed class ProcHandoffProbe(TimeProvider time, HandedSocketUse? use = null) : IHandoffProbe
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(100);
    private readonly HandedSocketUse _use = use ?? new HandedSocketUse();

    public async Task WaitTakesAsync(int pid, IReadOnlyList<HandedSocket> handed, CancellationToken cancellationToken)
    {
        // The supervisor's own descriptors are the very sockets the worker got at fd 3 onward.
        var inodes = handed.Select(h => _use.InodeOf(Environment.ProcessId, h.Fd)).OfType<long>().ToHashSet();
        if (inodes.Count == 0)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
            return;
        }
        var interval = FirstInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_use.AnyWaitsOn(_use.Session(pid), inodes)) return;
            await Task.Delay(interval, time, cancellationToken);
            interval = interval * 2 > MaxInterval ? MaxInterval : interval * 2;
        }
    }
}
