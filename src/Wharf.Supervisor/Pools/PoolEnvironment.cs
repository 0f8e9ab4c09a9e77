using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;
using Wharf.Supervisor.Pools.Runner;

namespace Wharf.Supervisor.Pools;

/// <summary>
/// What every pool runner shares: the clock, the event log, the launch, cgroups, the readiness
/// probe, the service that carries the requests, and how the supervisor signals and cleans up.
/// Each piece is a seam tests replace.
/// </summary>
internal sealed class PoolEnvironment
{
    public required TimeProvider Time { get; init; }
    public required EventLog Events { get; init; }
    public required IWorkerLauncher Launcher { get; init; }

    /// <summary>Null where the machine gives Wharf no cgroup (the runner samples /proc then).</summary>
    public IWorkerCgroups? Cgroups { get; init; }
    public required IEndpointProbe Probe { get; init; }

    /// <summary>Direct hand-off: whether a worker waits on its handed sockets, for one that never listens on its own endpoint.</summary>
    public IHandoffProbe HandoffProbe { get; init; } = new ProcHandoffProbe(TimeProvider.System);

    /// <summary>How long a hand-off worker's own endpoint may lag its handed socket and still count: a program may listen on both, one after the other.</summary>
    public TimeSpan OwnEndpointGrace { get; init; } = TimeSpan.FromMilliseconds(250);
    public required IPoolRequestsService Requests { get; init; }

    /// <summary>SIGTERM to a worker: ASP.NET Core, gunicorn and node finish what they hold and exit on it.</summary>
    public required Action<int> Terminate { get; init; }

    /// <summary>After a worker ended: forget it, end what is left in its group, reap orphans.</summary>
    public required Action<int> CleanUpAfter { get; init; }

    /// <summary>`end-now`: drains in progress end at once.</summary>
    public required Lifecycle.EndNowSignal EndNow { get; init; }

    /// <summary>The running configuration (for the applications' folders a pool serves).</summary>
    public required Func<WharfConfig> Config { get; init; }

    /// <summary>The resource watch's decisions for one pool's workers after each sample (the `resources` part's policy); null: sample only.</summary>
    public Func<AppPoolConfig, IResourceObserver>? ResourceWatch { get; init; }

    /// <summary>A worker's use when it has no cgroup: the /proc of the processes in its session (its pid is the session's id).</summary>
    public Func<int, ResourceSample?> SampleProc { get; init; } = pid => new SessionSampler().Sample([pid]).TryGetValue(pid, out var s) ? s : null;

    /// <summary>Direct hand-off: the listening sockets a pool's workers accept on themselves (none for most pools).</summary>
    public Func<AppPoolConfig, IReadOnlyList<HandedSocket>> HandedSockets { get; init; } = _ => [];

    /// <summary>A site's or application's physical path as www reads it: relative ones are under the data root.</summary>
    public Func<string, string> ResolvePath { get; init; } = path => path;

    /// <summary>The zone periodicRestart.schedule's times are in.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Local;

    /// <summary>Called after any change to the pools' workers: the table to www, the records to disk.</summary>
    public Func<Task> Changed { get; set; } = () => Task.CompletedTask;
}

/// <summary>The resource watch of one pool, as the runner calls it each second per worker.</summary>
internal interface IResourceObserver
{
    IReadOnlyList<ResourceAction> Observe(string workerId, ResourceSample sample, DateTimeOffset now);

    /// <summary>The worker has ended.</summary>
    void Forget(string workerId);
}

/// <summary>The `resources` part's <see cref="ResourceWatch"/>, as the runner calls it.</summary>
internal sealed class ResourceWatchObserver(ResourceWatch watch) : IResourceObserver
{
    private readonly Lock _lock = new();

    public static Func<AppPoolConfig, IResourceObserver> For(IWorkerCgroups cgroups) =>
        pool => new ResourceWatchObserver(ResourceWatch.For(pool, cgroups));

    // One watch per pool is fed by each of its workers' sampling loops.
    public IReadOnlyList<ResourceAction> Observe(string workerId, ResourceSample sample, DateTimeOffset now)
    {
        lock (_lock) return watch.Observe(workerId, sample, now);
    }

    public void Forget(string workerId)
    {
        lock (_lock) watch.Forget(workerId);
    }
}
