using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// One worker process of a pool, as its runner keeps it: the lifecycle's <see cref="SupervisedProcess"/>
/// (no control channel: ready when its endpoint accepts, stopped by SIGTERM), where it listens, its
/// place in the web garden, its state, its cgroup and its last resource sample.
/// </summary>
internal sealed class PoolWorker
{
    private readonly TaskCompletionSource<string?> _warmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _timers = new();

    public PoolWorker(string id, string pool, int slot, LaunchedWorker launched, IWorkerCgroup? cgroup, string generation, TimeProvider time, Action<int> terminate)
    {
        Id = id;
        Pool = pool;
        Slot = slot;
        Endpoint = launched.Endpoint;
        Account = launched.Account;
        Cgroup = cgroup;
        Generation = generation;
        Process = new SupervisedProcess(launched.Process, time);
        // ASP.NET Core, gunicorn and node all finish what they hold and exit on SIGTERM.
        Process.StopsBy(_ =>
        {
            terminate(Process.Pid);
            return Task.CompletedTask;
        });
    }

    public string Id { get; }
    public string Pool { get; }

    /// <summary>Its place in the web garden, 0 to maxProcesses-1: a recycle's replacement takes the same one.</summary>
    public int Slot { get; }
    public string Endpoint { get; }
    public string Account { get; }
    public IWorkerCgroup? Cgroup { get; }

    /// <summary>The pool's configuration it was started with.</summary>
    public string Generation { get; }
    public SupervisedProcess Process { get; }
    public int Pid => Process.Pid;

    /// <summary>Written by its runner only.</summary>
    public WorkerState State { get; set; } = WorkerState.Starting;

    /// <summary>Direct hand-off: ready by waiting on its handed sockets, its own endpoint not accepting (www cannot reach it).</summary>
    public bool HandoffOnly { get; set; }

    /// <summary>Set once it is being replaced or stopped, so that no second trigger recycles it again.</summary>
    public bool Leaving => State is WorkerState.Draining or WorkerState.Orphaned;

    /// <summary>It exited while starting or was killed for not starting: its runner counted that failure already.</summary>
    public bool StartFailureCounted { get; set; }

    /// <summary>The previous image's worker, taken over after /reboot.</summary>
    public bool Adopted { get; init; }

    /// <summary>When its process started: an adopted worker keeps the time its record says.</summary>
    public DateTimeOffset StartedAt
    {
        get => _startedAt ?? Process.StartedAt;
        init => _startedAt = value;
    }
    private readonly DateTimeOffset? _startedAt;

    public ResourceSample? LastSample { get; private set; }
    public double? CpuPercent { get; private set; }
    private DateTimeOffset _lastSampleAt;

    /// <summary>Cancelled when it leaves rotation: its periodic recycle and resource watch stop.</summary>
    public CancellationToken Timers => _timers.Token;

    /// <summary>Completes with null once www says its warm-up request answered, or with why it failed.</summary>
    public Task<string?> Warmed => _warmed.Task;

    public void WarmUpDone(string? failure) => _warmed.TrySetResult(failure);

    public void StopTimers()
    {
        try { _timers.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Sampled(ResourceSample sample, DateTimeOffset at)
    {
        if (LastSample is { } last && at > _lastSampleAt)
            CpuPercent = Math.Round(Math.Max(0, (sample.CpuTime - last.CpuTime).TotalSeconds) / (at - _lastSampleAt).TotalSeconds * 100, 1);
        LastSample = sample;
        _lastSampleAt = at;
    }

    /// <summary>What www is told of it; null while it starts (not yet accepting) and once orphaned.</summary>
    public WorkerRoute? Route() => State switch
    {
        WorkerState.Warming => new WorkerRoute { Id = Id, Pid = Pid, Endpoint = Endpoint, Role = WorkerRole.Warming, HandoffOnly = HandoffOnly },
        WorkerState.Active => new WorkerRoute { Id = Id, Pid = Pid, Endpoint = Endpoint, Role = WorkerRole.Active, HandoffOnly = HandoffOnly },
        WorkerState.Draining => new WorkerRoute { Id = Id, Pid = Pid, Endpoint = Endpoint, Role = WorkerRole.Draining, HandoffOnly = HandoffOnly },
        WorkerState.Suspended => new WorkerRoute { Id = Id, Pid = Pid, Endpoint = Endpoint, Role = WorkerRole.Suspended, HandoffOnly = HandoffOnly },
        _ => null,
    };

    public WorkerStatus Status(DateTimeOffset now, long? served, long? inFlight) => new()
    {
        Id = Id,
        Pool = Pool,
        Pid = Pid,
        State = State,
        StartedAt = StartedAt,
        UptimeSeconds = Math.Round((now - StartedAt).TotalSeconds, 1),
        RequestsServed = served,
        RequestsInFlight = inFlight,
        PrivateMemoryBytes = LastSample?.PrivateMemoryBytes,
        CpuPercent = CpuPercent,
        CpuSeconds = LastSample is { } sample ? Math.Round(sample.CpuTime.TotalSeconds, 3) : null,
        Endpoint = Endpoint,
    };

    /// <summary>"pool Shop worker Shop#3 (pid 1234)": how every event names it.</summary>
    public override string ToString() => $"pool {Pool} worker {Id} (pid {Pid})";
}
