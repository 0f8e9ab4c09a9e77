using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// Runs one service: starts its process, restarts it overlapped, stops it by a deadline, and
/// applies the recovery policy when it fails. Operations on one service are serialised; waiting
/// for an old process to drain happens outside that lock so recovery of the new one is never held up.
/// </summary>
/// <param name="ownedByOthers">The <see cref="ServiceDefinition.OwnedPaths"/> of the other services, which this one's ownership leaves alone.</param>
internal sealed partial class ServiceRunner(ServiceDefinition definition, SupervisorContext context, IReadOnlyList<string>? ownedByOthers = null)
{
    private readonly SemaphoreSlim _op = new(1, 1);
    private readonly ServiceAccounts _accounts = new(definition, context, ownedByOthers);
    private readonly List<ServiceProcess> _draining = [];
    private ServiceProcess? _current;
    private CancellationTokenSource? _scheduledStart;
    private int _restarts;
    private FailureHistory _failures = FailureHistory.Empty;
    private string _state = ServiceStates.Stopped;
    private string? _message;

    public string Name => definition.Name;

    public bool IsRunning => _current is { HasExited: false };

    public IEnumerable<string> WantedListeners() => definition.Listeners(context.Config).Select(l => l.Name);

    public IReadOnlyList<int> LivePids()
    {
        lock (_draining)
            return _draining.Where(p => !p.HasExited).Select(p => p.Pid)
                .Concat(_current is { HasExited: false } c ? [c.Pid] : []).ToArray();
    }

    public ServiceStatus Status()
    {
        var current = _current;
        var now = context.Time.GetUtcNow();
        long drainingConnections;
        lock (_draining) drainingConnections = _draining.Where(p => !p.HasExited).Sum(p => p.Connections);
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

    public async Task<ServiceOutcome> StartAsync(string why)
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
    /// <param name="waitForDrain">False answers once the new process serves and lets the old one drain unwatched by the caller (a configuration change: the old process may be the caller's own).</param>
    public async Task<ServiceOutcome> RestartAsync(TimeSpan timeout, bool force, ProgressReporter progress, bool waitForDrain = true)
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
                var stopped = await StopProcessesAsync([old], timeout, force, progress);
                if (!stopped.Ok) return stopped;
                return await StartCoreAsync("restart");
            }

            SetState(ServiceStates.Restarting, $"starting a new process beside pid {old.Pid}");
            progress(Name, $"starting a new {Name} process beside pid {old.Pid}", null);
            var started = await LaunchAsync();
            if (started.Process is null)
            {
                SetState(ServiceStates.Running, $"restart failed: {started.Outcome.Message}; pid {old.Pid} keeps serving");
                return ServiceOutcome.Failure(_message!);
            }
            _current = started.Process;
            _restarts++;
            lock (_draining) _draining.Add(old);
            SetState(ServiceStates.Running, $"restarted: pid {old.Pid} → {started.Process.Pid}");
            context.Events.Write(Name, "restarted", $"pid {old.Pid} replaced by {started.Process.Pid}", started.Process.Pid);
        }
        finally
        {
            _op.Release();
        }

        if (!waitForDrain)
        {
            var message = _message ?? "restarted";
            _ = StopProcessesAsync([old], timeout, force, progress);
            return ServiceOutcome.Success(message);
        }
        var drained = await StopProcessesAsync([old], timeout, force, progress);
        return drained.Ok ? ServiceOutcome.Success(_message ?? "restarted") : drained;
    }

    /// <summary>Stops the service and any process of it still draining.</summary>
    public async Task<ServiceOutcome> StopAsync(TimeSpan timeout, bool force, ProgressReporter progress)
    {
        await _op.WaitAsync();
        try
        {
            CancelScheduledStart();
            var targets = new List<ServiceProcess>();
            if (_current is { HasExited: false } current) targets.Add(current);
            lock (_draining) targets.AddRange(_draining.Where(p => !p.HasExited));
            _current = null;
            if (targets.Count == 0)
            {
                SetState(ServiceStates.Stopped, "stopped");
                return ServiceOutcome.Success("was not running");
            }
            SetState(ServiceStates.Stopping, $"stopping pid {string.Join(", ", targets.Select(t => t.Pid))}");
            lock (_draining)
                foreach (var t in targets.Where(t => !_draining.Contains(t))) _draining.Add(t);
            var outcome = await StopProcessesAsync(targets, timeout, force, progress);
            SetState(outcome.Ok ? ServiceStates.Stopped : ServiceStates.Stopping, outcome.Message);
            return outcome;
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Marks every process as leaving on purpose (the supervisor re-executes itself).</summary>
    public IReadOnlyList<int> HandOver()
    {
        var pids = LivePids();
        _current?.ExpectExit();
        lock (_draining) foreach (var p in _draining) p.ExpectExit();
        return pids;
    }

    private async Task<ServiceOutcome> StartCoreAsync(string why)
    {
        var started = await LaunchAsync();
        if (started.Process is not null)
        {
            _current = started.Process;
            SetState(ServiceStates.Running, why == "start" ? "running" : $"running ({why})");
            return ServiceOutcome.Success($"started, pid {started.Process.Pid}");
        }
        RecordFailure(started.Outcome.Message, null);
        return started.Outcome;
    }

    private void SetState(string state, string? message)
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
