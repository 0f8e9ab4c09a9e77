using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Pools.Runner;

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
