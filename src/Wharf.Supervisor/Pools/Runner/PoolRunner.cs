using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Runs one application pool that has a program, as IIS's WAS did: starts its workers (at once
/// or on demand), waits until each accepts (and is warmed up), replaces crashed ones, recycles them
/// overlapped, stops them by SIGTERM and a deadline, and stops the pool when rapid-fail protection
/// trips. State changes happen under one operation lock; drains of old workers run outside it,
/// so a slow drain never holds up a new worker. This class holds the pool's state and its
/// workers; each job is a part of its own: the garden's slots (<see cref="PoolGarden"/>), a
/// worker's start (<see cref="WorkerStart"/>) and end (<see cref="WorkerExitWatch"/>,
/// <see cref="WorkerDrain"/>), recycles (<see cref="PoolRecycle"/>), www's reports
/// (<see cref="PoolReactions"/>), rapid-fail (<see cref="PoolRapidFail"/>), what it publishes
/// (<see cref="PoolSnapshots"/>), /reboot (<see cref="PoolAdoption"/>), and an alwaysRunning
/// pool's retries after failed starts (<see cref="AlwaysRunningRetry"/>).
/// </summary>
internal sealed class PoolRunner
{
    /// <summary>How long www is given to say which requests a worker was serving.</summary>
    public static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(1);

    private readonly PoolEnvironment _env;
    private readonly SemaphoreSlim _op = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<PoolWorker> _workers = [];
    private readonly PoolTriggers _triggers;
    private readonly PoolReactions _reactions;
    private readonly PoolRapidFail _rapidFail;
    private readonly WorkerStart _start;
    private readonly PoolGarden _garden;
    private readonly WorkerExitWatch _exits;
    private readonly WorkerDrain _drain;
    private readonly PoolRecycle _recycle;
    private readonly PoolSnapshots _snapshots;
    private readonly PoolAdoption _adoption;
    private readonly AlwaysRunningRetry _retry;
    private AppPoolConfig _config;
    private bool _stoppedByAdmin;
    private int _nextNumber;

    public PoolRunner(AppPoolConfig config, PoolEnvironment env, int firstNumber = 0)
    {
        _config = config;
        _env = env;
        _nextNumber = firstNumber;
        Generation = PoolGeneration.Of(config);
        _triggers = new PoolTriggers(this, env);
        _reactions = new PoolReactions(this);
        _rapidFail = new PoolRapidFail(this);
        _start = new WorkerStart(this);
        _garden = new PoolGarden(this);
        _exits = new WorkerExitWatch(this);
        _drain = new WorkerDrain(this);
        _recycle = new PoolRecycle(this);
        _snapshots = new PoolSnapshots(this);
        _adoption = new PoolAdoption(this);
        _retry = new AlwaysRunningRetry(this);
    }

    public string Name => _config.Name;
    public AppPoolConfig Config => _config;

    /// <summary>The pool's configuration as a short hash: a worker started on another one is recycled when a change is applied.</summary>
    public string Generation { get; private set; }

    /// <summary>The event log's "service" column for this pool's events.</summary>
    public string Label => $"apppool/{Name}";

    public PoolRouteState RouteState =>
        _config.State == AppPoolState.Stopped || _stoppedByAdmin ? PoolRouteState.Stopped
        : _rapidFail.Tripped is not null ? PoolRouteState.RapidFailed
        : PoolRouteState.Running;

    /// <summary>Workers may start: the pool runs and no app_offline.htm holds it.</summary>
    internal bool Runnable => RouteState == PoolRouteState.Running && !Offline;

    /// <summary>app_offline.htm holds the pool: its workers are stopped and none starts.</summary>
    internal bool Offline { get; set; }

    /// <summary>The last thing that went wrong, for status.</summary>
    internal string? Message { get; set; }

    /// <summary>One state change at a time (starts, recycles, reports); drains run outside it.</summary>
    internal SemaphoreSlim Op => _op;

    internal PoolEnvironment Env => _env;
    internal PoolTriggers Triggers => _triggers;
    internal PoolRapidFail RapidFail => _rapidFail;
    internal PoolGarden Garden => _garden;
    internal AlwaysRunningRetry Retry => _retry;
    internal int Recycles => _recycle.Count;

    internal IReadOnlyList<Hosting.Control.Metrics.RecycleCount> RecyclesByReason() => _recycle.ByReason();

    // ---- its workers -----------------------------------------------------------------------

    public IReadOnlyList<PoolWorker> Workers()
    {
        lock (_lock) return _workers.ToArray();
    }

    public PoolWorker? Find(string id)
    {
        lock (_lock) return _workers.FirstOrDefault(w => w.Id == id);
    }

    /// <summary>A new worker's id: the pool's name, '#', and a number never reused while the supervisor runs.</summary>
    internal string NextWorkerId() => $"{Name}#{Interlocked.Increment(ref _nextNumber)}";

    internal void Add(PoolWorker worker)
    {
        lock (_lock) _workers.Add(worker);
        WatchExit(worker);
    }

    /// <summary>An adopted worker keeps its id; new ones are numbered after it.</summary>
    internal void AddAdopted(PoolWorker worker, int? number)
    {
        lock (_lock) _workers.Add(worker);
        if (number is { } n && n > _nextNumber) _nextNumber = n;
    }

    internal void WatchExit(PoolWorker worker) => _ = _exits.WatchAsync(worker);

    internal void Remove(PoolWorker worker)
    {
        lock (_lock) _workers.Remove(worker);
    }

    // ---- what it publishes (PoolSnapshots) ----------------------------------------------------

    public PoolRoute Route() => _snapshots.Route();

    public PoolStatus Status(Func<string, (long? Served, long? InFlight)> figures, long? queue) => _snapshots.Status(figures, queue);

    /// <summary>What the records file keeps of each worker, for /reboot adoption and the crash sweep.</summary>
    public IReadOnlyList<WorkerRecord> Records() => _snapshots.Records();

    // ---- starting --------------------------------------------------------------------------

    /// <summary>At the supervisor's start, a pool start, a configuration change: the workers of an alwaysRunning pool start.</summary>
    public async Task<PoolOutcome> StartAlwaysRunningAsync(string why)
    {
        if (!(_config.StartMode == AppPoolStartMode.AlwaysRunning && _config.AutoStart)) return PoolOutcome.Success("starts on demand");
        await _op.WaitAsync();
        try
        {
            return await FillGardenAsync(why);
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>`wharf apppool start`: clears rapid-fail protection and an administrator's stop, then starts alwaysRunning workers.</summary>
    public async Task<PoolOutcome> StartAsync(string by)
    {
        await _op.WaitAsync();
        try
        {
            var wasDown = _stoppedByAdmin || _rapidFail.Tripped is not null;
            _stoppedByAdmin = false;
            _rapidFail.Clear();
            _retry.Cancel();
            if (_config.State == AppPoolState.Stopped)
                return PoolOutcome.Failure($"pool {Name} is stopped in the configuration (state: stopped); set it started to run it");
            if (wasDown) _env.Events.Write(Label, EventName.PoolStarted, $"pool {Name} started by {by}");
            Message = null;
            var outcome = _config.StartMode == AppPoolStartMode.AlwaysRunning ? await FillGardenAsync($"pool started by {by}") : PoolOutcome.Success("started; workers start on the first request");
            await _env.Changed();
            return outcome;
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Brings the garden up to maxProcesses workers, side by side. Under the operation lock.</summary>
    internal Task<PoolOutcome> FillGardenAsync(string why) => _garden.FillAsync(why);

    /// <summary>
    /// Launches one worker and waits until it accepts (and is warmed); null when it failed, which
    /// is counted, and after which an alwaysRunning pool tries again by itself. Under the operation lock.
    /// </summary>
    internal async Task<PoolWorker?> StartWorkerAsync(int slot, bool replacement, string why)
    {
        var worker = await _start.StartAsync(slot, replacement, why);
        if (worker is null) _retry.StartFailed(slot);
        else _retry.WorkerReady();
        return worker;
    }

    // ---- stopping (WorkerDrain) ----------------------------------------------------------------

    /// <summary>Asks workers to stop, waits up to the deadline, then kills what is left with its group (or leaves it, /noforce). The callers mark them draining first.</summary>
    internal Task<DrainResult> DrainAsync(IReadOnlyList<PoolWorker> workers, TimeSpan timeout, bool force, string why, ProgressReporter? progress) =>
        _drain.DrainAsync(workers, timeout, force, why, progress);

    /// <summary>Marks workers draining and tells www, so no new request reaches them before SIGTERM. Under the operation lock.</summary>
    internal Task<IReadOnlyList<PoolWorker>> TakeOutOfRotationAsync(IEnumerable<PoolWorker> workers) => _drain.TakeOutOfRotationAsync(workers);

    /// <summary>Drains and stops every worker (orphans stay, for debugging, unless <paramref name="orphansToo"/>).</summary>
    public Task<DrainResult> StopWorkersAsync(TimeSpan? timeout, bool force, string why, ProgressReporter? progress = null, bool orphansToo = false) =>
        _drain.StopWorkersAsync(timeout, force, why, progress, orphansToo);

    /// <summary>`wharf apppool stop` (and /stop): no worker runs until the pool is started again.</summary>
    public async Task<PoolOutcome> StopAsync(string by, TimeSpan? timeout = null, bool force = true, ProgressReporter? progress = null)
    {
        var was = _stoppedByAdmin;
        _stoppedByAdmin = true;
        _retry.Cancel();
        if (!was) _env.Events.Write(Label, EventName.PoolStopped, $"pool {Name} stopped by {by}");
        await _env.Changed();
        var result = await StopWorkersAsync(timeout, force, $"pool stopped by {by}", progress);
        return PoolOutcome.From(result, $"pool {Name}");
    }

    /// <summary>A pool removed from the configuration, or one whose program was removed: its workers drain and stop.</summary>
    public Task<DrainResult> RetireAsync()
    {
        _triggers.Dispose();
        _rapidFail.CancelRestart();
        _retry.Cancel();
        _env.Events.Write(Label, EventName.PoolStopped, $"pool {Name} removed from the configuration (or has no program any more)");
        return StopWorkersAsync(null, force: true, "pool removed");
    }

    // ---- recycling (PoolRecycle) ---------------------------------------------------------------

    /// <summary>
    /// Replaces workers, overlapped unless recycling.disallowOverlappingRotation. Answers once the
    /// old ones ended (or were left, /noforce) when <paramref name="waitForDrain"/>.
    /// </summary>
    /// <param name="only">The workers to recycle; null: all of them.</param>
    public Task<PoolOutcome> RecycleAsync(RecycleReason reason, string? detail, IReadOnlyList<PoolWorker>? only = null,
        TimeSpan? drainTimeout = null, bool force = true, ProgressReporter? progress = null, bool waitForDrain = true) =>
        _recycle.RecycleAsync(reason, detail, only, drainTimeout, force, progress, waitForDrain);

    /// <summary>Workers started on another configuration (adopted after /reboot across a change) are recycled onto this one.</summary>
    public Task RecycleStaleAsync() => _recycle.RecycleStaleAsync();

    /// <summary>Counts a failure; true when rapid-fail protection tripped and the pool stopped. Under the operation lock.</summary>
    internal bool Fail(string what) => _rapidFail.Fail(what);

    // ---- what www reports, and the resource watch (PoolReactions) ----------------------------

    public Task OnReportAsync(PoolReport report) => _reactions.OnReportAsync(report);

    public Task CarryOutAsync(PoolWorker worker, ResourceAction action) => _reactions.CarryOutAsync(worker, action);

    // ---- configuration ---------------------------------------------------------------------

    /// <summary>A new configuration version: a stopped state stops the pool, started starts it, any other change recycles it (unless disallowRotationOnConfigChange).</summary>
    public async Task<PoolOutcome> ApplyAsync(AppPoolConfig next)
    {
        var before = _config;
        var generation = PoolGeneration.Of(next);
        if (generation == Generation) return PoolOutcome.Success("unchanged");
        _config = next;
        Generation = generation;
        _triggers.Configure();
        // A changed pool starts afresh: its own start (or recycle) below tries at once.
        _retry.Cancel();
        if (before.State == AppPoolState.Started && next.State == AppPoolState.Stopped)
        {
            _env.Events.Write(Label, EventName.PoolStopped, $"pool {Name} stopped by the configuration (state: stopped)");
            await _env.Changed();
            return PoolOutcome.From(await StopWorkersAsync(null, force: true, "pool stopped in the configuration"), $"pool {Name}");
        }
        if (before.State == AppPoolState.Stopped && next.State == AppPoolState.Started)
        {
            _stoppedByAdmin = false;
            _env.Events.Write(Label, EventName.PoolStarted, $"pool {Name} started by the configuration (state: started)");
            await _env.Changed();
            return await StartAlwaysRunningAsync("pool started in the configuration");
        }
        await _env.Changed();
        if (Workers().Any(w => !w.Leaving) && !next.Recycling.DisallowRotationOnConfigChange)
            return await RecycleAsync(RecycleReason.ConfigChange, null, waitForDrain: false);
        return await StartAlwaysRunningAsync("configuration changed");
    }

    // ---- /reboot (PoolAdoption) ----------------------------------------------------------------

    /// <summary>The supervisor re-executes itself: its workers keep running for the next image, which adopts them.</summary>
    public void HandOver()
    {
        _retry.Cancel();
        _adoption.HandOver(_triggers);
    }

    /// <summary>A worker of the previous image, taken over after /reboot.</summary>
    public void Adopt(WorkerRecord record, ISupervisedProcess process) => _adoption.Adopt(record, process);

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>The physical path of the first site's root application using the pool, where the program names no working directory.</summary>
    internal string? DefaultWorkingDirectory() => PoolPaths.Of(_env.Config(), Name).FirstOrDefault();

    internal static void RemoveQuietly(IWorkerCgroup? cgroup)
    {
        try { cgroup?.Remove(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _retry.Cancel();
        _triggers.Dispose();
    }
}
