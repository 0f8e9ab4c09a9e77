using Microsoft.Extensions.Logging;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor;

/// <summary>
/// Runs one service: starts its process, restarts it overlapped, stops it by a deadline, and
/// carries out what <see cref="ProcessLifecycle"/> decides when it fails. Operations on one
/// service are serialised; waiting for an old process to drain happens outside that lock so
/// recovery of the new one is never held up.
/// </summary>
/// <param name="ownedByOthers">The <see cref="ServiceDefinition.OwnedPaths"/> of the other services, which this one's ownership leaves alone.</param>
internal sealed class ServiceRunner(ServiceDefinition definition, SupervisorContext context, IReadOnlyList<string>? ownedByOthers = null)
{
    private readonly SemaphoreSlim _op = new(1, 1);
    private readonly ServiceLaunch _launch = new(definition, context, new ServiceAccess(definition, context, ownedByOthers ?? [], context.Accounts), new ServiceReports(definition, context));
    private readonly List<ServiceProcess> _draining = [];

    // Old processes that asked for the operation that replaced them: end-now leaves them to finish their answer (under the _draining lock).
    private readonly HashSet<ServiceProcess> _spared = [];
    private ServiceProcess? _current;
    private CancellationTokenSource? _scheduledStart;
    private int _restarts;
    private FailureHistory _failures = FailureHistory.Empty;
    private ServiceState _state = ServiceState.Stopped;
    private string? _message;

    public string Name => definition.Name;
    public ServiceDefinition Definition => definition;

    public bool IsRunning => _current is { Process.HasExited: false };

    public IEnumerable<string> WantedListeners() => definition.Listeners(context.Config).Select(l => l.Name);

    public IReadOnlyList<int> LivePids()
    {
        lock (_draining)
            return _draining.Where(p => !p.Process.HasExited).Select(p => p.Pid)
                .Concat(_current is { Process.HasExited: false } c ? [c.Pid] : []).ToArray();
    }

    /// <summary>Every process of it that is ready and not yet ended: the current one, and old ones still draining (an overlapped restart).</summary>
    public IReadOnlyList<ServiceProcess> ReadyProcesses()
    {
        lock (_draining)
            return _draining.Append(_current).OfType<ServiceProcess>()
                .Where(p => !p.Process.HasExited && p.Process.Ready.IsCompletedSuccessfully).Distinct().ToArray();
    }

    public ServiceStatus Status()
    {
        var current = _current?.Process;
        var now = context.Time.GetUtcNow();
        long drainingConnections;
        lock (_draining) drainingConnections = _draining.Where(p => !p.Process.HasExited).Sum(p => p.Process.Connections);
        return new ServiceStatus
        {
            Name = Name,
            State = _state,
            Pid = current?.Pid,
            StartedAt = current?.StartedAt,
            UptimeSeconds = current is null ? null : Math.Round((now - current.StartedAt).TotalSeconds, 1),
            Restarts = _restarts,
            Connections = current is null && drainingConnections == 0 ? null : (current?.Connections ?? 0) + drainingConnections,
            Message = _message,
            Listeners = context.Listeners.Names(Name),
        };
    }

    /// <param name="why">Null for an administrator's plain start; otherwise what the status says it runs because of.</param>
    public async Task<ServiceOutcome> StartAsync(string? why = null)
    {
        await _op.WaitAsync();
        try
        {
            CancelScheduledStart();
            if (IsRunning) return ServiceOutcome.Success($"already running (pid {_current!.Pid})");
            // An administrator's start clears a Failed state and its history at once.
            _failures = FailureHistory.Empty;
            return await StartCoreAsync(why);
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Overlapped where the service allows it: the new process is ready before the old one is asked to stop.</summary>
    /// <param name="waitForDrain">False answers once the new process serves and lets the old one drain unwatched by the caller (a configuration change).</param>
    public async Task<ServiceOutcome> RestartAsync(TimeSpan timeout, bool force, Operation operation, bool waitForDrain = true)
    {
        ServiceProcess old;
        await _op.WaitAsync();
        try
        {
            CancelScheduledStart();
            if (!IsRunning)
            {
                _failures = _failures.WithoutBackoff();
                return await StartCoreAsync("restart");
            }
            old = _current!;
            if (!definition.CanOverlap)
            {
                _current = null;
                var (stopped, _) = await StopProcessesAsync([old], timeout, force, operation);
                if (!stopped.Ok) return stopped;
                return await StartCoreAsync("restart") with { Forced = stopped.Forced };
            }

            SetState(ServiceState.Restarting, $"starting a new process beside pid {old.Pid}");
            operation.Progress(Name, $"starting a new {Name} process beside pid {old.Pid}", null);
            var started = await LaunchAsync();
            if (started.Process is null)
            {
                SetState(ServiceState.Running, $"restart failed: {started.Outcome.Message}; pid {old.Pid} keeps serving");
                return ServiceOutcome.Failure(_message!);
            }
            _current = started.Process;
            _restarts++;
            lock (_draining) _draining.Add(old);
            SetState(ServiceState.Running, $"restarted: pid {old.Pid} → {started.Process.Pid}");
            context.Events.Write(Name, EventName.Restarted, $"pid {old.Pid} replaced by {started.Process.Pid}", started.Process.Pid);
        }
        finally
        {
            _op.Release();
        }

        var message = _message ?? "restarted";
        if (!waitForDrain)
        {
            _ = StopProcessesAsync([old], timeout, force, operation);
            return ServiceOutcome.Success(message);
        }
        var (drained, clean) = await StopProcessesAsync([old], timeout, force, operation);
        return drained.Ok ? ServiceOutcome.Success(clean ? message : $"{message}; {drained.Message}") with { Forced = drained.Forced } : drained;
    }

    /// <summary>Stops the service and any process of it still draining.</summary>
    public async Task<ServiceOutcome> StopAsync(TimeSpan timeout, bool force, Operation operation)
    {
        await _op.WaitAsync();
        try
        {
            CancelScheduledStart();
            var targets = new List<ServiceProcess>();
            if (_current is { Process.HasExited: false } current) targets.Add(current);
            lock (_draining) targets.AddRange(_draining.Where(p => !p.Process.HasExited));
            _current = null;
            if (targets.Count == 0)
            {
                SetState(ServiceState.Stopped, "stopped");
                return ServiceOutcome.Success("was not running");
            }
            SetState(ServiceState.Stopping, $"stopping pid {string.Join(", ", targets.Select(t => t.Pid))}");
            lock (_draining)
                foreach (var t in targets.Where(t => !_draining.Contains(t))) _draining.Add(t);
            var (outcome, _) = await StopProcessesAsync(targets, timeout, force, operation);
            SetState(outcome.Ok ? ServiceState.Stopped : ServiceState.Stopping, outcome.Message);
            return outcome;
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the current process with no operation beside it (a reload cannot race a replacement).</summary>
    public async Task<T> WithCurrentAsync<T>(Func<ServiceProcess?, Task<T>> work)
    {
        await _op.WaitAsync();
        try
        {
            return await work(IsRunning ? _current : null);
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Before a reload of <paramref name="version"/>: the folders it makes the service write, and the service's view of it.</summary>
    public void PrepareReload(WharfConfig config, long version) => _launch.PrepareReload(config, version);

    /// <summary>The current process's figures, asked over its channel; null when it is not running or does not answer.</summary>
    public Task<System.Text.Json.Nodes.JsonObject?> FiguresAsync(TimeSpan timeout) =>
        _current is { Process.HasExited: false } current ? current.FiguresAsync(timeout) : Task.FromResult<System.Text.Json.Nodes.JsonObject?>(null);

    /// <summary>As <see cref="FiguresAsync"/>, the whole answer: with the sites' counters of a service that counts them.</summary>
    public Task<ControlMessage?> FiguresAnswerAsync(TimeSpan timeout) =>
        _current is { Process.HasExited: false } current ? current.FiguresAnswerAsync(timeout) : Task.FromResult<ControlMessage?>(null);

    public IReadOnlyList<int> DrainingPids()
    {
        lock (_draining) return _draining.Where(p => !p.Process.HasExited && !_spared.Contains(p)).Select(p => p.Pid).ToArray();
    }

    /// <summary>Marks every process as leaving on purpose (the supervisor re-executes itself).</summary>
    public IReadOnlyList<int> HandOver()
    {
        var pids = LivePids();
        _current?.Process.ExpectExit();
        lock (_draining) foreach (var p in _draining) p.Process.ExpectExit();
        return pids;
    }

    private async Task<ServiceOutcome> StartCoreAsync(string? why)
    {
        var started = await LaunchAsync();
        if (started.Process is not null)
        {
            _current = started.Process;
            SetState(ServiceState.Running, why is null ? "running" : $"running ({why})");
            return ServiceOutcome.Success($"started, pid {started.Process.Pid}");
        }
        RecordFailure(started.Outcome.Message, null);
        return started.Outcome;
    }

    private Task<Launch> LaunchAsync() => _launch.RunAsync(
        process => { if (_state != ServiceState.Restarting) SetState(ServiceState.Starting, $"starting pid {process.Pid}"); },
        WatchAsync);

    /// <summary>Asks processes to stop by the deadline; the requester's own drain is left until after the reply.</summary>
    /// <returns>The outcome, and whether every process stopped by itself in time (nothing killed, left, or deferred).</returns>
    private async Task<(ServiceOutcome Outcome, bool Clean)> StopProcessesAsync(IReadOnlyList<ServiceProcess> targets, TimeSpan timeout, bool force, Operation operation)
    {
        var requester = targets.Where(operation.IsRequester).ToArray();
        var others = targets.Except(requester).ToArray();
        if (requester.Length > 0)
        {
            // end-now spares the requester: it holds the answer to this very operation (the admin
            // API's reset streams its progress), and it ends by itself once that is sent.
            lock (_draining) _spared.UnionWith(requester);
            operation.After(DrainAsync(requester, timeout, force, Operation.Quiet(), NeverEndedNow));
        }
        var (outcome, clean) = others.Length > 0 ? await DrainAsync(others, timeout, force, operation, context.EndNow.Current) : (ServiceOutcome.Success("stopped"), true);
        return requester.Length == 0 ? (outcome, clean)
            : (outcome with { Message = $"{outcome.Message}; pid {requester[0].Pid}, which asked for this, drains once it has the answer" }, false);
    }

    private static readonly Task<string> NeverEndedNow = new TaskCompletionSource<string>().Task;

    private async Task<(ServiceOutcome Outcome, bool Clean)> DrainAsync(IReadOnlyList<ServiceProcess> targets, TimeSpan timeout, bool force, Operation operation, Task<string> endNow)
    {
        var result = await Drain.RunAsync(targets.Select(t => t.Process).ToArray(), timeout, force, endNow,
            p => context.Events.Write(Name, EventName.Stopping, $"deadline {RecoveryPolicy.Describe(timeout)}", p.Pid, connections: p.Connections),
            (p, secondsLeft) => operation.Progress(Name, $"waiting for pid {p.Pid} to finish ({p.Connections} connection(s))", secondsLeft),
            context.Time);
        if (result.Clean) return (ServiceOutcome.Success("stopped"), true);
        if (result.Left.Count > 0)
        {
            var message = $"{Name} did not stop within {RecoveryPolicy.Describe(timeout)}: {string.Join(", ", result.Left)} still running; left to finish (/noforce), it no longer accepts";
            context.Events.Write(Name, EventName.StopTimeout, message, result.Left[0].Pid, connections: result.Left.Sum(p => p.Connections));
            return (ServiceOutcome.Failure(message), false);
        }
        var killed = string.Join(", ", result.Killed);
        context.Log.LogWarning("{Service}: killed {Processes} and everything they started ({Why})", Name, killed,
            result.EndedNowBy is { } by ? $"ended now by {by}" : "still running at the deadline");
        return (ServiceOutcome.Success(result.EndedNowBy is { } who
            ? $"stopped; ended {killed} now, as {who} asked"
            : $"stopped; killed {killed} at the deadline") with
        { Forced = result.Killed.Select(k => k.Forced!).ToArray() }, false);
    }

    /// <summary>Every process ends here: log how it ended, clean up what it left, and recover if it failed.</summary>
    private async Task WatchAsync(ServiceProcess service)
    {
        var process = service.Process;
        var exit = await process.Exited;
        context.Launcher.CleanUpAfter(process.Pid);
        lock (_draining)
        {
            _draining.Remove(service);
            _spared.Remove(service);
        }

        var verdict = ProcessLifecycle.OnExit(process.StopRequested, process.KilledBecause, exit);
        context.Events.Write(Name, verdict.Event, verdict.Message, process.Pid, exit.ExitCode, exit.SignalName, process.Forced?.Held?.Connections);
        await service.DisposeAsync();
        if (!verdict.Failed) return;

        await _op.WaitAsync();
        try
        {
            if (_current != service) return;
            _current = null;
            RecordFailure($"pid {process.Pid} {verdict.Message}", process.StartedAt);
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Carries out the lifecycle's decision about a failure. Called under the operation lock.</summary>
    private void RecordFailure(string what, DateTimeOffset? startedAt)
    {
        var policy = (context.Config.Services.Get(Name) ?? new()).Recovery;
        (_failures, var step) = ProcessLifecycle.OnFailure(_failures, policy, context.Time.GetUtcNow(), startedAt, context.AutomaticRestartDisabled(), what);
        SetState(step.State, step.Message);
        if (step.Event is { } e) context.Events.Write(Name, e, step.Message);
        switch (step.Effect)
        {
            case RecoveryEffect.ScheduleStart s:
                ScheduleStart(s.Delay, s.Why);
                break;
            case RecoveryEffect.RunProgram run:
                RecoveryProgram.Run(context, Name, run.Program, run.FailCount);
                break;
        }
    }

    private void ScheduleStart(TimeSpan delay, string why)
    {
        CancelScheduledStart();
        var cts = new CancellationTokenSource();
        _scheduledStart = cts;
        _ = Task.Run(async () =>
        {
            try { await Task.Delay(delay, context.Time, cts.Token); }
            catch (OperationCanceledException) { return; }
            await _op.WaitAsync();
            try
            {
                if (cts.IsCancellationRequested || IsRunning) return;
                _scheduledStart = null;
                var outcome = await StartCoreAsync(why);
                if (outcome.Ok) _restarts++;
            }
            finally
            {
                _op.Release();
            }
        });
    }

    private void SetState(ServiceState state, string? message)
    {
        _state = state;
        _message = message;
    }

    private void CancelScheduledStart()
    {
        _scheduledStart?.Cancel();
        _scheduledStart = null;
    }
}
