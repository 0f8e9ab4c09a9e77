using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

internal sealed partial class ServiceRunner
{
    private readonly record struct Launch(ServiceProcess? Process, ServiceOutcome Outcome);

    // The account the current process was started as (null: the supervisor's own), for folders a reload needs.
    private string? _account;

    /// <summary>Starts a process and waits until it says ready, exits, or runs out of its startup time.</summary>
    private async Task<Launch> LaunchAsync()
    {
        var config = context.Config;
        var settings = config.Services.Get(Name) ?? new();
        IReadOnlyDictionary<string, int> fds;
        ServiceProcess process;
        string? user;
        try
        {
            fds = context.Listeners.Ensure(definition.Listeners(config));
            user = _accounts.PrepareLaunch(config, settings);
            _account = user;
            var launched = context.Launcher.StartService(Name, fds, context.ConfigPath, context.ConfigVersion, user, definition.ProcessEnvironment);
            process = new ServiceProcess(Name, launched, context.Time, OnMessage);
        }
        catch (Exception e) when (e is ListenerException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            context.Events.Write(Name, "start-failed", e.Message);
            return new Launch(null, ServiceOutcome.Failure(e.Message));
        }

        if (_state != ServiceStates.Restarting) SetState(ServiceStates.Starting, $"starting pid {process.Pid}");
        context.Events.Write(Name, "started",
            $"{fds.Count} listener(s): {string.Join(", ", fds.Keys)}; as user {user ?? Environment.UserName}", process.Pid);
        _ = WatchAsync(process);

        using var timeout = new CancellationTokenSource(settings.StartupTimeLimit, context.Time);
        var waited = await Task.WhenAny(process.Ready, process.Exited, Task.Delay(Timeout.Infinite, timeout.Token));
        if (waited == process.Ready && process.Ready.IsCompletedSuccessfully)
        {
            context.Events.Write(Name, "ready", null, process.Pid);
            _ = PingLoopAsync(process, settings.PingInterval, settings.PingMissedLimit);
            return new Launch(process, ServiceOutcome.Success("ready"));
        }

        string reason;
        if (process.HasExited)
        {
            reason = await process.StartFailureAfterExitAsync() is { } why
                ? $"pid {process.Pid} could not start: {why}"
                : $"pid {process.Pid} exited before it was ready ({await process.Exited})";
        }
        else
        {
            reason = $"pid {process.Pid} did not say ready within {RecoveryPolicy.Describe(settings.StartupTimeLimit)}";
            process.ExpectExit();
            process.Kill("not ready in time");
            await process.Exited;
        }
        return new Launch(null, ServiceOutcome.Failure(reason));
    }

    /// <summary>Asks processes to stop by the deadline; at the deadline kills them, or with /noforce leaves them and fails.</summary>
    private async Task<ServiceOutcome> StopProcessesAsync(IReadOnlyList<ServiceProcess> targets, TimeSpan timeout, bool force, ProgressReporter progress)
    {
        var deadline = context.Time.GetUtcNow() + timeout;
        foreach (var p in targets)
        {
            await p.RequestStopAsync(timeout);
            context.Events.Write(Name, "stopping", $"deadline {RecoveryPolicy.Describe(timeout)}", p.Pid, connections: p.Connections);
        }

        var left = new List<ServiceProcess>();
        foreach (var p in targets)
        {
            while (!p.HasExited)
            {
                var remaining = deadline - context.Time.GetUtcNow();
                if (remaining <= TimeSpan.Zero) break;
                progress(Name, $"waiting for pid {p.Pid} to finish ({p.Connections} connection(s))", Math.Ceiling(remaining.TotalSeconds));
                var tick = remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1);
                await Task.WhenAny(p.Exited, Task.Delay(tick, context.Time));
            }
            if (!p.HasExited) left.Add(p);
        }

        if (left.Count == 0) return ServiceOutcome.Success("stopped");

        var names = string.Join(", ", left.Select(p => $"pid {p.Pid} ({p.Connections} connection(s))"));
        if (!force)
        {
            var message = $"{Name} did not stop within {RecoveryPolicy.Describe(timeout)}: {names} still running; left to finish (/noforce), it no longer accepts";
            context.Events.Write(Name, "stop-timeout", message, left[0].Pid, connections: left.Sum(p => p.Connections));
            return ServiceOutcome.Failure(message);
        }
        foreach (var p in left)
        {
            context.Log.LogWarning("{Service} pid {Pid} still running at its deadline with {Connections} connection(s); killing it and everything it started",
                Name, p.Pid, p.Connections);
            p.Kill($"still running at the {RecoveryPolicy.Describe(timeout)} deadline");
        }
        await Task.WhenAll(left.Select(p => p.Exited));
        return ServiceOutcome.Success($"stopped; killed {names} at the deadline");
    }

    /// <summary>Every process ends here: log how it ended, clean up what it left, and recover if it failed.</summary>
    private async Task WatchAsync(ServiceProcess process)
    {
        var exit = await process.Exited;
        context.Launcher.ForgetChild(process.Pid);
        context.Launcher.KillGroup(process.Pid);
        context.Launcher.SweepOrphans();
        lock (_draining) _draining.Remove(process);

        var failed = !process.StopRequested;
        var @event = process.KilledBecause is not null ? "killed" : failed ? "crashed" : "stopped";
        var message = process.KilledBecause ?? (failed ? $"ended unexpectedly ({exit})" : null);
        context.Events.Write(Name, @event, message, process.Pid, exit.ExitCode, exit.SignalName);
        await process.DisposeAsync();
        if (!failed) return;

        await _op.WaitAsync();
        try
        {
            if (_current != process) return;
            _current = null;
            RecordFailure($"pid {process.Pid} {message}", process.StartedAt);
        }
        finally
        {
            _op.Release();
        }
    }

    /// <summary>Applies the recovery policy to a failure. Called under the operation lock.</summary>
    private void RecordFailure(string what, DateTimeOffset? startedAt)
    {
        var policy = (context.Config.Services.Get(Name) ?? new()).Recovery;
        (_failures, var decision) = _failures.Record(policy, context.Time.GetUtcNow(), startedAt, context.AutomaticRestartDisabled());
        switch (decision)
        {
            case RecoveryDecision.Restart r:
                SetState(ServiceStates.WaitingToRestart, $"{what}; restarting in {RecoveryPolicy.Describe(r.Delay)} (failure {r.FailCount})");
                context.Events.Write(Name, "restarting", _message);
                ScheduleStart(r.Delay, "recovered");
                break;
            case RecoveryDecision.RunProgram run:
                SetState(ServiceStates.Stopped, $"{what}; ran the recovery program (failure {run.FailCount})");
                try
                {
                    context.Launcher.StartProgram(run.Program, Name, run.FailCount);
                    context.Events.Write(Name, "recovery-program", $"{run.Program} (failure {run.FailCount})");
                }
                catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
                {
                    context.Events.Write(Name, "recovery-program-failed", $"{run.Program}: {e.Message}");
                }
                break;
            case RecoveryDecision.None none:
                SetState(ServiceStates.Stopped, $"{what}; not restarted: {none.Reason}");
                context.Events.Write(Name, "not-restarted", _message);
                break;
            case RecoveryDecision.Failed f:
                var retry = f.RetryAfter is { } after ? $"; trying again in {RecoveryPolicy.Describe(after)}" : "";
                SetState(ServiceStates.Failed, $"{f.Reason}; last: {what}{retry}");
                context.Events.Write(Name, "failed", _message);
                if (f.RetryAfter is { } delay) ScheduleStart(delay, "retried after failing");
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

    /// <summary>A process that misses too many pings is hung: kill it, and recovery treats it as a crash.</summary>
    private async Task PingLoopAsync(ServiceProcess process, TimeSpan interval, int missedLimit)
    {
        using var timer = new PeriodicTimer(interval, context.Time);
        long seq = 0;
        while (await timer.WaitForNextTickAsync() && !process.HasExited)
        {
            // A draining process is busy finishing its work; its deadline guards it instead.
            if (process.StopRequested) return;
            var silent = context.Time.GetUtcNow() - process.LastPong;
            if (silent > interval * missedLimit)
            {
                context.Events.Write(Name, "hung", $"no answer to {missedLimit} pings in {RecoveryPolicy.Describe(silent)}", process.Pid);
                process.Kill($"hung: no answer to {missedLimit} pings");
                return;
            }
            await process.SendAsync(new ControlMessage { Type = ControlMessage.Types.Ping, Seq = ++seq });
        }
    }

    private void OnMessage(ServiceProcess process, ControlMessage message)
    {
        if (message.Type == ControlMessage.Types.Event && message.Event is { } e)
        {
            // The admin service watches wharf.json; status warns while the file on disk is not what runs
            // (set before the event is written, so whoever sees the event sees the warning).
            if (Name == Config.Model.ServiceNames.Admin && e == "config-invalid") context.ConfigNote = message.Detail;
            else if (Name == Config.Model.ServiceNames.Admin && e == "config-fixed") context.ConfigNote = null;
            context.Events.Write(Name, e, message.Detail, process.Pid);
        }
        else if (message.Type == ControlMessage.Types.Request && message.Request is { } request)
            _ = AnswerAsync(process, message.Seq, request);
    }

    /// <summary>A service asks the supervisor to do something (the admin service: apply a committed version); the answer goes back on its channel.</summary>
    private async Task AnswerAsync(ServiceProcess process, long? seq, ControlRequest request)
    {
        ControlReply reply;
        try
        {
            reply = context.ServiceRequests is { } handle
                ? await handle(Name, process.Pid, request)
                : new ControlReply { Type = ControlReply.Types.Error, Message = "the supervisor takes no requests from services yet" };
        }
        catch (Exception e)
        {
            context.Log.LogError(e, "Request {Command} from {Service} failed", request.Command, Name);
            reply = new ControlReply { Type = ControlReply.Types.Error, Message = $"{request.Command} failed in the supervisor: {e.Message}" };
        }
        await process.SendAsync(new ControlMessage { Type = ControlMessage.Types.Reply, Seq = seq, Reply = reply });
    }
}
