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
/// so a slow drain never holds up a new worker.
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
    private AppPoolConfig _config;
    private bool _stoppedByAdmin;
    private int _recycles;
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

    public IReadOnlyList<PoolWorker> Workers()
    {
        lock (_lock) return _workers.ToArray();
    }

    public PoolWorker? Find(string id)
    {
        lock (_lock) return _workers.FirstOrDefault(w => w.Id == id);
    }

    public PoolRoute Route()
    {
        var state = RouteState;
        return new PoolRoute
        {
            Pool = Name,
            State = state,
            Reason = state switch
            {
                PoolRouteState.Stopped => _config.State == AppPoolState.Stopped ? "the pool is stopped in the configuration" : "the pool was stopped by an administrator",
                PoolRouteState.RapidFailed => _rapidFail.Tripped?.Reason,
                _ => null,
            },
            RetryAfterSeconds = state == PoolRouteState.RapidFailed && _rapidFail.Tripped?.RestartAt is { } at
                ? (int)Math.Max(1, Math.Ceiling((at - _env.Time.GetUtcNow()).TotalSeconds)) : null,
            Workers = Workers().Select(w => w.Route()).OfType<WorkerRoute>().ToArray(),
        };
    }

    public PoolStatus Status(Func<string, (long? Served, long? InFlight)> figures, long? queue)
    {
        var now = _env.Time.GetUtcNow();
        return new PoolStatus
        {
            Name = Name,
            State = RouteState,
            HasWorkers = true,
            Message = Offline ? "offline (app_offline.htm)" + (Message is null ? "" : $"; {Message}") : Message,
            Recycles = _recycles,
            RecentFailures = _rapidFail.InWindow(now),
            QueueLength = queue,
            Cgroups = _env.Cgroups?.Description ?? "no cgroup (resources sampled from /proc)",
            Workers = Workers().Select(w =>
            {
                var (served, inFlight) = figures(w.Id);
                return w.Status(now, served, inFlight);
            }).ToArray(),
        };
    }

    /// <summary>What the records file keeps of each worker, for /reboot adoption and the crash sweep.</summary>
    public IReadOnlyList<WorkerRecord> Records() => Workers().Select(Record).ToArray();

    private WorkerRecord Record(PoolWorker w) => new(w.Id, Name, w.Pid, ProcessIdentity.Of(w.Pid)?.StartTicks ?? 0, w.Endpoint, w.Account, w.StartedAt, w.Cgroup?.JoinPaths ?? [], w.Generation)
    {
        HandoffOnly = w.HandoffOnly,
    };

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

    /// <summary>
    /// Brings the garden up to maxProcesses workers, side by side. Under the operation lock.
    /// </summary>
    internal async Task<PoolOutcome> FillGardenAsync(string why)
    {
        if (!Runnable) return PoolOutcome.Success($"not started: {Describe(RouteState)}");
        var taken = Workers().Where(w => !w.Leaving && !w.Process.HasExited).Select(w => w.Slot).ToHashSet();
        var free = Enumerable.Range(0, Math.Max(1, _config.ProcessModel.MaxProcesses)).Where(s => !taken.Contains(s)).ToArray();
        if (free.Length == 0) return PoolOutcome.Success("already running");
        var started = await Task.WhenAll(free.Select(slot => StartWorkerAsync(slot, replacement: false, why)));
        var ok = started.Count(w => w is not null);
        return ok == free.Length ? PoolOutcome.Success($"started {ok} worker(s)")
            : PoolOutcome.Failure($"{free.Length - ok} of {free.Length} worker(s) could not start: {Message}");
    }

    /// <summary>Launches one worker and waits until it accepts (and is warmed); null when it failed, which is counted. Under the operation lock.</summary>
    internal Task<PoolWorker?> StartWorkerAsync(int slot, bool replacement, string why) => _start.StartAsync(slot, replacement, why);

    /// <summary>A new worker's id: the pool's name, '#', and a number never reused while the supervisor runs.</summary>
    internal string NextWorkerId() => $"{Name}#{Interlocked.Increment(ref _nextNumber)}";

    internal void Add(PoolWorker worker)
    {
        lock (_lock) _workers.Add(worker);
        _ = WatchExitAsync(worker);
    }

    internal PoolTriggers Triggers => _triggers;

    // ---- ending ----------------------------------------------------------------------------

    /// <summary>Every worker ends here: clean up, tell www, and for an exit nobody asked for, name what it was serving and replace it.</summary>
    private async Task WatchExitAsync(PoolWorker worker)
    {
        var exit = await worker.Process.Exited;
        worker.StopTimers();
        _env.CleanUpAfter(worker.Pid);
        RemoveQuietly(worker.Cgroup);
        var state = worker.State;
        lock (_lock) _workers.Remove(worker);
        var process = worker.Process;

        if (process.StopRequested || state == WorkerState.Orphaned)
        {
            if (process.KilledBecause is null)
                _env.Events.Write(Label, EventName.WorkerStopped, $"{worker} stopped ({exit})", worker.Pid, exit.ExitCode, exit.SignalName);
            await _env.Changed();
            return;
        }
        // One that never got ready is its start's failure, counted there.
        if (state is WorkerState.Starting or WorkerState.Warming)
        {
            await _env.Changed();
            return;
        }

        var requests = await _env.Requests.WorkerRequestsAsync(worker.Id, InFlightWait);
        var uptime = RecoveryPolicy.Describe(TimeSpan.FromSeconds(Math.Round((_env.Time.GetUtcNow() - worker.StartedAt).TotalSeconds)));
        var what = $"{worker} ended unexpectedly ({exit}) after {uptime}";
        _env.Events.Write(Label, EventName.WorkerCrashed, $"{what}; {InFlightText.Describe(requests)}", worker.Pid, exit.ExitCode, exit.SignalName);
        await _env.Changed();

        await _op.WaitAsync();
        try
        {
            Message = what;
            if (_rapidFail.Fail(what)) return;
            // A crash with requests waiting, or of an always-running pool, is replaced at once;
            // otherwise the next request asks for a worker (www's demand).
            // Through the garden's free slots: www's demand may have started the replacement already
            // while this waited for the lock, and a slot never holds two workers.
            if (Runnable && (_config.StartMode == AppPoolStartMode.AlwaysRunning || requests is not { Count: 0 }))
                await FillGardenAsync($"replacing {worker.Id}, which crashed");
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>
    /// Asks each worker to stop (SIGTERM) after www has been told it drains, waits up to
    /// <paramref name="timeout"/>, then kills what is left with its group (or leaves it, /noforce),
    /// naming the requests each killed one was serving. The callers mark them draining first.
    /// </summary>
    internal async Task<DrainResult> DrainAsync(IReadOnlyList<PoolWorker> workers, TimeSpan timeout, bool force, string why, ProgressReporter? progress)
    {
        if (workers.Count == 0) return new DrainResult([], [], null);
        foreach (var w in workers)
        {
            w.StopTimers();
            // A frozen process cannot act on SIGTERM.
            if (w.Cgroup is { } cgroup && _env.Cgroups is { CanFreeze: true }) cgroup.Thaw();
        }
        var result = await Drain.RunAsync(workers.Select(w => w.Process).ToArray(), timeout, force, _env.EndNow.Current,
            _ => { },
            (p, secondsLeft) => progress?.Invoke(Label, $"waiting for worker {workers.First(w => w.Process == p).Id} (pid {p.Pid}) to finish", secondsLeft),
            _env.Time);
        foreach (var killed in result.Killed)
        {
            var worker = workers.First(w => w.Pid == killed.Pid);
            // What left its process group is still in its cgroup.
            worker.Cgroup?.KillAll();
            var requests = await _env.Requests.WorkerRequestsAsync(worker.Id, InFlightWait);
            var how = result.EndedNowBy is { } by ? $"ended now, as {by} asked" : $"still running {RecoveryPolicy.Describe(timeout)} after it was told to stop";
            _env.Events.Write(Label, EventName.WorkerKilled, $"{worker} {how} ({why}); killed with its group; {InFlightText.Describe(requests)}", worker.Pid);
        }
        return result;
    }

    /// <summary>Marks workers draining and tells www, so no new request reaches them before SIGTERM. Under the operation lock.</summary>
    internal async Task<IReadOnlyList<PoolWorker>> TakeOutOfRotationAsync(IEnumerable<PoolWorker> workers)
    {
        var taken = workers.Where(w => !w.Leaving && !w.Process.HasExited).ToArray();
        foreach (var w in taken) w.State = WorkerState.Draining;
        if (taken.Length > 0) await _env.Changed();
        return taken;
    }

    /// <summary>Drains and stops every worker (orphans stay, for debugging, unless <paramref name="orphansToo"/>).</summary>
    public async Task<DrainResult> StopWorkersAsync(TimeSpan? timeout, bool force, string why, ProgressReporter? progress = null, bool orphansToo = false)
    {
        IReadOnlyList<PoolWorker> targets;
        await _op.WaitAsync();
        try
        {
            targets = await TakeOutOfRotationAsync(Workers());
            if (orphansToo) targets = [.. targets, .. Workers().Where(w => w.State == WorkerState.Orphaned && !w.Process.HasExited)];
        }
        finally
        {
            _op.Release();
        }
        return await DrainAsync(targets, timeout ?? _config.ProcessModel.ShutdownTimeLimit, force, why, progress);
    }

    /// <summary>`wharf apppool stop` (and /stop): no worker runs until the pool is started again.</summary>
    public async Task<PoolOutcome> StopAsync(string by, TimeSpan? timeout = null, bool force = true, ProgressReporter? progress = null)
    {
        var was = _stoppedByAdmin;
        _stoppedByAdmin = true;
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
        _env.Events.Write(Label, EventName.PoolStopped, $"pool {Name} removed from the configuration (or has no program any more)");
        return StopWorkersAsync(null, force: true, "pool removed");
    }

    // ---- recycling -------------------------------------------------------------------------

    /// <summary>
    /// Replaces workers, overlapped unless recycling.disallowOverlappingRotation: each new worker
    /// is ready (and warmed) before its old one goes draining. Answers once the old ones ended
    /// (or were left, /noforce) when <paramref name="waitForDrain"/>.
    /// </summary>
    /// <param name="only">The workers to recycle; null: all of them.</param>
    public async Task<PoolOutcome> RecycleAsync(RecycleReason reason, string? detail, IReadOnlyList<PoolWorker>? only = null,
        TimeSpan? drainTimeout = null, bool force = true, ProgressReporter? progress = null, bool waitForDrain = true)
    {
        var overlapped = !_config.Recycling.DisallowOverlappingRotation;
        var timeout = drainTimeout ?? _config.ProcessModel.ShutdownTimeLimit;
        var draining = new List<PoolWorker>();
        var failed = new List<string>();
        var slots = new List<int>();
        await _op.WaitAsync();
        try
        {
            var targets = (only ?? Workers()).Where(w => !w.Leaving && !w.Process.HasExited && w.State != WorkerState.Starting).ToArray();
            if (targets.Length == 0) return PoolOutcome.Success("no worker to recycle");
            foreach (var old in targets)
            {
                if (!Workers().Contains(old)) continue;
                _recycles++;
                if (_config.Recycling.LogEventOnRecycle.Contains(reason))
                    _env.Events.Write(Label, EventName.WorkerRecycled, $"{old} recycled: {ReasonText(reason)}{(detail is null ? "" : $" ({detail})")}", old.Pid);
                if (overlapped && Runnable)
                {
                    progress?.Invoke(Label, $"starting a worker to replace {old.Id} (pid {old.Pid})", null);
                    var next = await StartWorkerAsync(old.Slot, replacement: true, $"recycling {old.Id}: {ReasonText(reason)}");
                    if (next is null)
                    {
                        // The old one keeps serving rather than leave the pool with none.
                        failed.Add($"{old.Id}'s replacement could not start ({Message}); {old.Id} keeps serving");
                        if (_rapidFail.Tripped is not null) break;
                        continue;
                    }
                }
                else
                {
                    slots.Add(old.Slot);
                }
                draining.AddRange(await TakeOutOfRotationAsync([old]));
            }
        }
        finally
        {
            _op.Release();
        }

        var why = $"recycled: {ReasonText(reason)}";
        var drain = DrainAsync(draining, timeout, force, why, progress);
        if (!overlapped)
        {
            // disallowOverlappingRotation: the new worker starts only once the old one is gone.
            await drain;
            await _op.WaitAsync();
            try
            {
                foreach (var slot in slots.Where(_ => Runnable))
                    if (await StartWorkerAsync(slot, replacement: true, why) is null) failed.Add($"the replacement in slot {slot} could not start ({Message})");
            }
            finally
            {
                _op.Release();
            }
        }
        if (!waitForDrain) return failed.Count == 0 ? PoolOutcome.Success($"recycled {draining.Count} worker(s)") : PoolOutcome.Failure(string.Join("; ", failed));
        var result = await drain;
        var outcome = PoolOutcome.From(result, $"pool {Name}");
        return failed.Count == 0 ? outcome with { Message = $"recycled {draining.Count} worker(s){(outcome.Message is "" ? "" : "; " + outcome.Message)}" }
            : outcome with { Ok = false, Message = string.Join("; ", failed) };
    }

    public static string ReasonText(RecycleReason reason) => reason switch
    {
        RecycleReason.Time => "periodicRestart.time elapsed",
        RecycleReason.Requests => "periodicRestart.requests reached",
        RecycleReason.Schedule => "scheduled time (periodicRestart.schedule)",
        RecycleReason.Memory => "virtual memory limit (periodicRestart.memory)",
        RecycleReason.PrivateMemory => "private memory limit",
        RecycleReason.OnDemand => "on demand (wharf apppool recycle)",
        RecycleReason.ConfigChange => "the pool's configuration changed",
        RecycleReason.IsapiUnhealthy => $"the worker asked for it ({WorkerProgramConfig.RecycleHeader} header)",
        RecycleReason.FileChange => "an application's files changed (recycleOnFileChange)",
        RecycleReason.Unhealthy => "unhealthy",
        RecycleReason.Reset => "wharf reset",
        _ => reason.ToString(),
    };

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

    /// <summary>Workers started on another configuration (adopted after /reboot across a change) are recycled onto this one.</summary>
    public Task RecycleStaleAsync()
    {
        var stale = Workers().Where(w => w.Generation != Generation && !w.Leaving).ToArray();
        return stale.Length == 0 ? Task.CompletedTask : RecycleAsync(RecycleReason.ConfigChange, "started on an earlier configuration", stale, waitForDrain: false);
    }

    // ---- /reboot ---------------------------------------------------------------------------

    /// <summary>The supervisor re-executes itself: its workers keep running for the next image, which adopts them.</summary>
    public void HandOver()
    {
        _triggers.Dispose();
        foreach (var w in Workers())
        {
            w.StopTimers();
            w.Process.ExpectExit();
        }
    }

    /// <summary>A worker of the previous image, taken over after /reboot.</summary>
    public void Adopt(WorkerRecord record, ISupervisedProcess process)
    {
        var slot = Enumerable.Range(0, Math.Max(1, _config.ProcessModel.MaxProcesses)).FirstOrDefault(s => Workers().All(w => w.Slot != s));
        // The same call that makes a new worker's cgroup finds an adopted one's as it is.
        IWorkerCgroup? cgroup = null;
        try
        {
            cgroup = _env.Cgroups is { Available: true } cgroups && record.CgroupPaths.Count > 0 ? cgroups.Create(Name, record.Id) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _env.Events.Write(Label, EventName.CgroupUnavailable, $"pool {Name} worker {record.Id}: its cgroup cannot be taken over: {e.Message}");
        }
        var worker = new PoolWorker(record.Id, Name, slot, new LaunchedWorker(process, record.Endpoint, record.Account), cgroup, record.Generation, _env.Time, _env.Terminate)
        {
            Adopted = true,
            State = WorkerState.Active,
            StartedAt = record.StartedAt,
            HandoffOnly = record.HandoffOnly,
        };
        worker.Process.MarkReady();
        lock (_lock) _workers.Add(worker);
        if (NumberOf(record.Id) is { } n && n > _nextNumber) _nextNumber = n;
        _env.Events.Write(Label, EventName.WorkerAdopted, $"{worker} adopted from the previous supervisor image", worker.Pid);
        _ = WatchExitAsync(worker);
        _triggers.WorkerReady(worker, replacement: true);
    }

    public static int? NumberOf(string workerId) =>
        workerId.LastIndexOf('#') is var i and >= 0 && int.TryParse(workerId.AsSpan(i + 1), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>The physical path of the first site's root application using the pool, where the program names no working directory.</summary>
    internal string? DefaultWorkingDirectory() => PoolPaths.Of(_env.Config(), Name).FirstOrDefault();

    internal static void RemoveQuietly(IWorkerCgroup? cgroup)
    {
        try { cgroup?.Remove(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string Describe(PoolRouteState state) => state switch
    {
        PoolRouteState.Stopped => "the pool is stopped",
        PoolRouteState.RapidFailed => "rapid-fail protection stopped the pool",
        _ => "the pool is offline (app_offline.htm)",
    };

    public void Dispose() => _triggers.Dispose();
}
