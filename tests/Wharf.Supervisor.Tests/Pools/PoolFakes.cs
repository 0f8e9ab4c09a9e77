using System.Text.Json.Nodes;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;
using Wharf.Supervisor.Pools.Runner;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>A worker that exists only in the test: a <see cref="FakeProcess"/> and where it "listens".</summary>
internal sealed record FakeWorker(string Id, FakeProcess Process, string Endpoint, IWorkerCgroup? Cgroup)
{
    public int Pid => Process.Pid;

    /// <summary>Whether SIGTERM ends it at once (false: it ignores SIGTERM, as a hung worker).</summary>
    public bool ExitsOnTerm { get; set; } = true;
}

internal sealed class FakeWorkerLauncher : IWorkerLauncher
{
    private int _nextPid = 5000;

    public Observed<FakeWorker> Launched { get; } = new();
    public Observed<(string Program, IReadOnlyList<string> Arguments)> Programs { get; } = new();

    /// <summary>Every launch asked for, refused ones too, by worker id.</summary>
    public Observed<string> Attempts { get; } = new();

    /// <summary>Set to make every launch fail with this message.</summary>
    public string? Refuse { get; set; }

    public LaunchedWorker Launch(WorkerLaunchRequest request)
    {
        Attempts.Add(request.WorkerId);
        if (Refuse is { } why) throw new WorkerLaunchException(why);
        var pid = Interlocked.Increment(ref _nextPid);
        var worker = new FakeWorker(request.WorkerId, new FakeProcess(pid), $"unix:/run/{request.WorkerId}.sock", request.Cgroup);
        Launched.Add(worker);
        return new LaunchedWorker(worker.Process, worker.Endpoint, "wharf-pool-test");
    }

    public void RunProgram(Wharf.Config.Model.AppPoolConfig pool, string program, IReadOnlyList<string> arguments) => Programs.Add((program, arguments));

    public FakeWorker ByPid(int pid) => Launched.All.Single(w => w.Pid == pid);
}

/// <summary>Accepts at once by default; with <see cref="AcceptAtOnce"/> false, never accepts (a program that does not listen).</summary>
internal sealed class FakeProbe : IEndpointProbe
{
    public bool AcceptAtOnce { get; set; } = true;

    /// <summary>Each endpoint probed, once its time limit is armed.</summary>
    public Observed<string> Probed { get; } = new();

    public Task WaitAcceptsAsync(string endpoint, CancellationToken cancellationToken)
    {
        Probed.Add(endpoint);
        return AcceptAtOnce ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>www, as the pool runner sees it: records each table, answers which requests a worker was serving.</summary>
internal sealed class FakePoolRequests : IPoolRequestsService
{
    public Observed<IReadOnlyList<PoolRoute>> Tables { get; } = new();
    public Dictionary<string, IReadOnlyList<InFlightRequest>> InFlight { get; } = [];
    public JsonObject? Figures { get; set; }

    public Task SendTableAsync(IReadOnlyList<PoolRoute> table)
    {
        Tables.Add(table);
        return Task.CompletedTask;
    }

    public Task TablesTakenAsync() => Task.CompletedTask;

    public Task<IReadOnlyList<InFlightRequest>?> WorkerRequestsAsync(string workerId, TimeSpan timeout)
    {
        lock (InFlight) return Task.FromResult<IReadOnlyList<InFlightRequest>?>(InFlight.GetValueOrDefault(workerId) ?? []);
    }

    public Task<JsonObject?> FiguresAsync(TimeSpan timeout, int? requesterPid) => Task.FromResult(Figures);
}

internal sealed class FakeCgroups(bool canFreeze) : IWorkerCgroups
{
    public List<FakeCgroup> Created { get; } = [];
    public string Description => canFreeze ? "fake cgroups (freezer)" : "fake cgroups (no freezer)";
    public bool Available => true;
    public bool CanFreeze => canFreeze;
    public bool CanThrottleMemory => false;

    public IWorkerCgroup? Create(string pool, string workerId)
    {
        var cgroup = new FakeCgroup(workerId);
        lock (Created) Created.Add(cgroup);
        return cgroup;
    }

    public IReadOnlyList<int> SweepLeftovers(IReadOnlySet<string> keep) => [];
}

internal sealed class FakeCgroup(string workerId) : IWorkerCgroup
{
    public string WorkerId => workerId;
    public IReadOnlyList<string> JoinPaths => [$"/sys/fs/cgroup/wharf/{workerId}"];
    public bool Frozen { get; private set; }
    public double? CpuCap { get; private set; }
    public ResourceSample Next { get; set; } = new(10 << 20, TimeSpan.Zero);
    public ResourceSample Sample() => Next;
    public bool Freeze() => Frozen = true;
    public bool Thaw() { Frozen = false; return true; }
    public void CapCpu(double cpus) => CpuCap = cpus;
    public void LowerCpuWeight() { }
    public void ClearCpuLimits() => CpuCap = null;
    public bool SetMemoryHigh(long bytes) => false;
    public void KillAll() { }
    public void Remove() { }
}

/// <summary>state/workers.json as the runner sees it: what it saved last, and what a test says the previous image left.</summary>
internal sealed class FakeWorkerRecords : IWorkerRecords
{
    public IReadOnlyList<WorkerRecord> Saved { get; private set; } = [];
    public List<WorkerRecord> Left { get; } = [];
    public Dictionary<int, Fakes.FakeProcess> Alive { get; } = [];
    public List<IReadOnlyList<WorkerRecord>> Ended { get; } = [];

    public void Save(IReadOnlyList<WorkerRecord> workers) => Saved = workers;
    public IReadOnlyList<WorkerRecord> Load() => Left;
    public Lifecycle.ISupervisedProcess? Adopt(WorkerRecord record) => Alive.GetValueOrDefault(record.Pid);

    public IReadOnlyList<int> EndLeftovers(IReadOnlyList<WorkerRecord> records)
    {
        Ended.Add(records);
        return records.Select(r => r.Pid).ToArray();
    }
}
