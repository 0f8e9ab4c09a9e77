using System.Text.Json.Nodes;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Runner;

namespace Wharf.Supervisor.Pools;

/// <summary>
/// The supervisor's application pools (IIS's WAS): one <see cref="PoolRunner"/> per pool that has
/// a program, the table of pools and workers sent to the service that carries their requests after
/// every change, www's reports, the apppool-* commands, status, configuration applies, and the
/// pools' part of `wharf reset` and of /reboot (workers adopted, records kept at every change).
/// </summary>
internal sealed class PoolManager
{
    private static readonly TimeSpan FiguresTimeout = TimeSpan.FromSeconds(1);

    private readonly PoolEnvironment _env;
    private readonly IWorkerRecords? _records;
    private readonly Dictionary<string, PoolRunner> _runners = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _tableLock = new(1, 1);
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly HashSet<string> _stoppedByReset = new(StringComparer.OrdinalIgnoreCase);

    public PoolManager(PoolEnvironment env, IWorkerRecords? records)
    {
        _env = env;
        _records = records;
        env.Changed = TableChangedAsync;
    }

    public IReadOnlyList<PoolRunner> Runners()
    {
        lock (_runners) return _runners.Values.ToArray();
    }

    public PoolRunner? Find(string? name)
    {
        if (name is null) return null;
        lock (_runners) return _runners.GetValueOrDefault(name);
    }

    /// <summary>What www is told: every pool that has a program, with its state and its workers.</summary>
    public IReadOnlyList<PoolRoute> Table() => Runners().OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Route()).ToArray();

    /// <summary>After every change, and when a process that serves pools is ready: the whole table to www, the records to disk.</summary>
    public async Task TableChangedAsync()
    {
        await _tableLock.WaitAsync();
        try
        {
            SaveRecords();
            await _env.Requests.SendTableAsync(Table());
        }
        finally
        {
            _tableLock.Release();
        }
        // Outside the lock: the answer is read by the service's channel loop, which itself takes
        // the lock to give a process that just said ready its table.
        await _env.Requests.TablesTakenAsync();
    }

    /// <summary>A process that serves pools is ready: it gets the table now (under the same lock, so it never gets an older one after a newer one).</summary>
    public async Task SendTableToAsync(Func<IReadOnlyList<PoolRoute>, Task> send)
    {
        await _tableLock.WaitAsync();
        try
        {
            await send(Table());
        }
        finally
        {
            _tableLock.Release();
        }
    }

    private void SaveRecords()
    {
        if (_records is null) return;
        try
        {
            _records.Save(Runners().SelectMany(r => r.Records()).ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _env.Events.Write("apppools", EventName.Warning, $"cannot record the workers for /reboot adoption and the crash sweep: {e.Message}");
        }
    }

    // ---- the supervisor's start ------------------------------------------------------------

    /// <summary>
    /// At `wharf serve`: after a /reboot the previous image's workers are adopted (and never
    /// swept); after anything else what the records list is ended, and workers' cgroups left
    /// behind are swept. Then the alwaysRunning pools start.
    /// </summary>
    public async Task StartAsync(WharfConfig config, bool afterReboot)
    {
        foreach (var pool in config.ApplicationPools.Where(p => p.HasWorkers)) Add(pool);
        var records = Load();
        var adopted = new HashSet<string>(StringComparer.Ordinal);
        if (afterReboot && _records is not null)
        {
            foreach (var record in records)
            {
                if (_records.Adopt(record) is not { } process) continue;
                if (Find(record.Pool) is { } runner)
                {
                    runner.Adopt(record, process);
                    adopted.Add(record.Id);
                }
                else
                {
                    // Its pool is gone from the configuration the new image runs.
                    process.KillGroup();
                    _env.Events.Write($"apppool/{record.Pool}", EventName.WorkerSwept, $"worker {record.Id} (pid {record.Pid}) ended: its pool is no longer configured", record.Pid);
                }
            }
        }
        else if (_records is not null)
        {
            foreach (var pid in _records.EndLeftovers(records))
                _env.Events.Write("apppools", EventName.WorkerSwept, $"pid {pid}, a worker left by a supervisor that did not stop cleanly, ended with its group", pid);
        }
        foreach (var pid in _env.Cgroups?.SweepLeftovers(adopted) ?? [])
            _env.Events.Write("apppools", EventName.WorkerSwept, $"pid {pid}, left in a worker's cgroup, killed", pid);
        if (_env.Cgroups is { Available: false } none && Runners().Count > 0)
            _env.Events.Write("apppools", EventName.CgroupUnavailable, $"{none.Description}: CPU and memory limits, suspend and the cgroup kill are not available; workers are sampled from /proc and killed by process group");

        await TableChangedAsync();
        await Task.WhenAll(Runners().Select(async r =>
        {
            await r.StartAlwaysRunningAsync("the supervisor started");
            await r.RecycleStaleAsync();
        }));
    }

    private IReadOnlyList<WorkerRecord> Load()
    {
        try
        {
            return _records?.Load() ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            _env.Events.Write("apppools", EventName.Warning, $"cannot read the worker records: {e.Message}");
            return [];
        }
    }

    private PoolRunner Add(AppPoolConfig pool)
    {
        var runner = new PoolRunner(pool, _env);
        lock (_runners) _runners[pool.Name] = runner;
        return runner;
    }

    // ---- www's reports ---------------------------------------------------------------------

    /// <summary>A pool-report from www (<see cref="ServiceReports"/> checked it may send one); carried out beside the channel's reading.</summary>
    public void OnReport(PoolReport report)
    {
        if (Find(report.Pool) is not { } runner) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await runner.OnReportAsync(report);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The supervisor must not fail: a report it could not carry out is said, not thrown.
                _env.Events.Write(runner.Label, EventName.Warning, $"pool {runner.Name}: www's report '{report.Kind.Spelling()}' could not be carried out: {e.Message}");
            }
        });
    }

    // ---- commands and status ---------------------------------------------------------------

    /// <summary>apppool-start, apppool-stop, apppool-recycle.</summary>
    public async Task<ControlReply> HandleAsync(ControlRequest request, string caller, int? requesterPid)
    {
        var config = _env.Config();
        var pool = config.ApplicationPools.FirstOrDefault(p => string.Equals(p.Name, request.Pool, StringComparison.OrdinalIgnoreCase));
        if (pool is null)
            return new ControlReply
            {
                Type = ControlReplyType.Error,
                Message = $"no application pool named '{request.Pool}'; pools: {string.Join(", ", config.ApplicationPools.Select(p => p.Name))}",
            };
        if (Find(pool.Name) is not { } runner)
            return new ControlReply { Type = ControlReplyType.Error, Message = $"pool {pool.Name} has no program: www serves its applications' content itself, and it has no worker to start, stop or recycle" };

        var outcome = request.Command switch
        {
            ControlCommand.AppPoolStart => await runner.StartAsync(caller),
            ControlCommand.AppPoolStop => await runner.StopAsync(caller),
            ControlCommand.AppPoolRecycle => runner.RouteState == PoolRouteState.Running
                ? await runner.RecycleAsync(RecycleReason.OnDemand, $"by {caller}")
                : PoolOutcome.Failure($"pool {pool.Name} is not running ({runner.RouteState.Spelling()}); `wharf apppool start {pool.Name}` first"),
            _ => PoolOutcome.Failure($"'{request.Command.Spelling()}' is not a pool command"),
        };
        return new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = outcome.Ok,
            Message = outcome.Message is "" ? $"{request.Command.Spelling()} {pool.Name}: done" : $"{request.Command.Spelling()} {pool.Name}: {outcome.Message}",
            Forced = outcome.Forced is { Count: > 0 } ? true : null,
            Pools = await StatusAsync(requesterPid),
        };
    }

    /// <summary>Every configured pool (those without a program too), with www's figures where it answers.</summary>
    public async Task<IReadOnlyList<PoolStatus>> StatusAsync(int? requesterPid)
    {
        var figures = Runners().Count == 0 ? null : await _env.Requests.FiguresAsync(FiguresTimeout, requesterPid);
        var workers = figures?["workers"] as JsonObject;
        var pools = figures?["pools"] as JsonObject;
        return _env.Config().ApplicationPools.Select(pool => Find(pool.Name) is { } runner && pool.HasWorkers
            ? runner.Status(id => (Number(workers?[id]?["served"]), Number(workers?[id]?["inFlight"])), Number(pools?[pool.Name]?["queue"]))
            : new PoolStatus
            {
                Name = pool.Name,
                State = pool.State == AppPoolState.Stopped ? PoolRouteState.Stopped : PoolRouteState.Running,
                HasWorkers = false,
                Message = "no program: www serves its applications' content",
            }).ToArray();
    }

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    // ---- configuration ---------------------------------------------------------------------

    /// <summary>
    /// A configuration version: pools added (started if alwaysRunning), removed (drained and
    /// stopped), changed (recycled unless disallowed; stopped or started by their state). The
    /// table goes out before this returns; starts and drains go on behind it.
    /// </summary>
    public async Task ApplyAsync(WharfConfig after)
    {
        await _applyLock.WaitAsync();
        try
        {
            var wanted = after.ApplicationPools.Where(p => p.HasWorkers).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var work = new List<Task>();
            foreach (var runner in Runners().Where(r => !wanted.ContainsKey(r.Name)))
            {
                lock (_runners) _runners.Remove(runner.Name);
                work.Add(runner.RetireAsync());
            }
            foreach (var pool in wanted.Values)
            {
                if (Find(pool.Name) is { } runner) work.Add(runner.ApplyAsync(pool));
                else
                {
                    var added = Add(pool);
                    _env.Events.Write(added.Label, EventName.PoolStarted, $"pool {pool.Name} added by the configuration");
                    work.Add(added.StartAlwaysRunningAsync("pool added"));
                }
            }
            await TableChangedAsync();
            _ = Task.WhenAll(work).ContinueWith(t => { _ = t.Exception; }, TaskScheduler.Default);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    // ---- wharf reset -----------------------------------------------------------------------

    /// <summary>/restart: every running pool recycled overlapped; the reset's timeout is the old workers' deadline, /noforce leaves them.</summary>
    /// <remarks>A pool a /stop stopped starts again instead, as the services do.</remarks>
    public async Task<PoolOutcome> RestartAllAsync(TimeSpan timeout, bool force, ProgressReporter progress, string by)
    {
        var runners = Runners();
        var outcomes = await Task.WhenAll(runners.Select(r =>
        {
            bool wasStopped;
            lock (_stoppedByReset) wasStopped = _stoppedByReset.Remove(r.Name);
            if (wasStopped) return r.StartAsync(by);
            return r.RouteState == PoolRouteState.Running
                ? r.RecycleAsync(RecycleReason.Reset, $"/restart by {by}", null, timeout, force, progress)
                : Task.FromResult(PoolOutcome.Success(""));
        }));
        return Combine(runners, outcomes);
    }

    /// <summary>/stop: every worker drains and stops; the pools stay stopped until /start.</summary>
    public async Task<PoolOutcome> StopAllAsync(TimeSpan timeout, bool force, ProgressReporter progress, string by)
    {
        var runners = Runners();
        lock (_stoppedByReset) foreach (var r in runners) _stoppedByReset.Add(r.Name);
        var outcomes = await Task.WhenAll(runners.Select(r => r.StopAsync(by, timeout, force, progress)));
        return Combine(runners, outcomes);
    }

    /// <summary>/start (and /restart): pools stopped by a /stop run again, and alwaysRunning pools start their workers.</summary>
    public async Task<PoolOutcome> StartAllAsync(string by)
    {
        var runners = Runners();
        var outcomes = await Task.WhenAll(runners.Select(r =>
        {
            bool wasStopped;
            lock (_stoppedByReset) wasStopped = _stoppedByReset.Remove(r.Name);
            return wasStopped ? r.StartAsync(by) : r.StartAlwaysRunningAsync($"started by {by}");
        }));
        return Combine(runners, outcomes);
    }

    /// <summary>The supervisor stops: every worker ends (orphans too), by the deadline.</summary>
    public Task ShutdownAsync(TimeSpan timeout) =>
        Task.WhenAll(Runners().Select(r =>
        {
            r.Dispose();
            return r.StopWorkersAsync(timeout, force: true, "the supervisor stopped", orphansToo: true);
        }));

    /// <summary>/reboot: the workers keep running and are recorded for the next image, which adopts them.</summary>
    public void HandOver()
    {
        foreach (var r in Runners()) r.HandOver();
        SaveRecords();
    }

    public IReadOnlyList<string> DrainingWorkers() => Runners()
        .SelectMany(r => r.Workers().Where(w => w.State == WorkerState.Draining).Select(w => $"{w.Id} pid {w.Pid}")).ToArray();

    private static PoolOutcome Combine(IReadOnlyList<PoolRunner> runners, PoolOutcome[] outcomes)
    {
        var failed = runners.Zip(outcomes).Where(p => !p.Second.Ok).Select(p => p.Second.Message).ToArray();
        var notes = runners.Zip(outcomes).Where(p => p.Second.Ok && p.Second.Forced is { Count: > 0 }).Select(p => p.Second.Message).ToArray();
        var forced = outcomes.SelectMany(o => o.Forced ?? []).ToArray();
        return new PoolOutcome(failed.Length == 0, string.Join("; ", failed.Length > 0 ? failed : notes)) { Forced = forced.Length > 0 ? forced : null };
    }
}
