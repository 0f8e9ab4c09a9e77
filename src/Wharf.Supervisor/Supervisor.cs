using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// Carries out the control commands (`wharf reset` and `wharf service`) across the services.
/// One reset runs at a time; within it, services are handled side by side.
/// </summary>
/// <param name="pools">The application pools' workers (WAS), when the host runs them: status, apppool-*, resets and applies include them.</param>
internal sealed class Supervisor(SupervisorContext context, IReadOnlyList<ServiceRunner> runners, Func<SupervisorState> getState, Action<Func<SupervisorState, SupervisorState>> updateState,
    Pools.PoolManager? pools = null)
{
    private static readonly TimeSpan DefaultRestartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FiguresTimeout = TimeSpan.FromSeconds(5);
    private const int StatusEvents = 10;

    private readonly SemaphoreSlim _resetLock = new(1, 1);

    // Applies go one at a time, but not behind a reset: a reset restarting the admin service waits
    // for the old admin process to drain, and that process may be the one waiting for this apply.
    // Each service's operations are serialised by its runner, so an apply and a reset interleave
    // per service, and both end on the newest version (the reset re-reads the same file).
    private readonly SemaphoreSlim _applyLock = new(1, 1);

    /// <summary>Set when a /reboot was asked for; the host re-executes once the reply is sent.</summary>
    public TaskCompletionSource RebootRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="requesterPid">
    /// The process that asked over its control channel, if one did: the reply reaches it before the
    /// supervisor waits for its drain (<see cref="Operation"/>), and an apply never waits for its answer.
    /// </param>
    public async Task HandleAsync(ControlRequest request, string caller, Func<ControlReply, Task> reply, int? requesterPid = null)
    {
        var command = request.Command;
        if (command == ControlCommand.Status)
        {
            await reply(StatusReply(true, null) with { Pools = pools is null ? null : await pools.StatusAsync(requesterPid) });
            return;
        }
        if (command is ControlCommand.AppPoolStart or ControlCommand.AppPoolStop or ControlCommand.AppPoolRecycle)
        {
            // The pool's own events say who: pool-started, pool-stopped, worker-recycled "by ...".
            await reply(pools is null
                ? new ControlReply { Type = ControlReplyType.Error, Message = "this host runs no application pools" }
                : await pools.HandleAsync(request, caller, requesterPid));
            return;
        }
        if (command == ControlCommand.Figures)
        {
            await reply(await FiguresAsync(request.Service, requesterPid));
            return;
        }
        if (command == ControlCommand.EndNow)
        {
            await reply(EndNow(caller));
            return;
        }
        if (command is ControlCommand.Enable or ControlCommand.Disable)
        {
            var disable = command == ControlCommand.Disable;
            updateState(s => s with { ResetDisabled = disable });
            context.Events.Write("supervisor", disable ? EventName.Disabled : EventName.Enabled, $"by {caller}");
            await reply(StatusReply(true, disable
                ? "Resets are disabled and automatic restart is off until `wharf reset /enable`."
                : "Resets and automatic restart are enabled."));
            return;
        }

        if (command == ControlCommand.ConfigApplied)
        {
            await reply(await ApplyVersionAsync(request.Version, caller, requesterPid));
            return;
        }

        var isReset = command is ControlCommand.Restart or ControlCommand.Start or ControlCommand.Stop or ControlCommand.Reboot;
        if (isReset && getState().ResetDisabled)
        {
            await reply(new ControlReply
            {
                Type = ControlReplyType.Error,
                Message = "resets are disabled on this host (`wharf reset /disable`); run `wharf reset /enable` first",
            });
            return;
        }

        IReadOnlyList<ServiceRunner> targets = runners;
        if (command is ControlCommand.ServiceStart or ControlCommand.ServiceStop or ControlCommand.ServiceRestart)
        {
            var runner = runners.FirstOrDefault(r => r.Name == request.Service);
            if (runner is null)
            {
                await reply(new ControlReply { Type = ControlReplyType.Error, Message = $"no service named '{request.Service}'; services: {string.Join(", ", runners.Select(r => r.Name))}" });
                return;
            }
            targets = [runner];
        }

        if (!await _resetLock.WaitAsync(0))
        {
            await reply(new ControlReply { Type = ControlReplyType.Progress, Message = "another reset is in progress; waiting for it" });
            await _resetLock.WaitAsync();
        }
        try
        {
            context.Events.Write("supervisor", EventName.Reset, $"{command.Spelling()}{(request.Service is null ? "" : " " + request.Service)} by {caller}");
            var progress = new ProgressThrottle(reply);
            var operation = new Operation(progress.Report, requesterPid);
            var configNote = StartsProcesses(command) ? await RefreshConfigurationAsync(reply) : null;
            // The pools' workers go beside the services: a whole-host reset only, never `wharf service`.
            var poolWork = pools is null || request.Service is not null ? null : command switch
            {
                ControlCommand.Restart => pools.RestartAllAsync(Timeout(request, DefaultRestartTimeout), request.Force, progress.Report, caller),
                ControlCommand.Stop => pools.StopAllAsync(Timeout(request, DefaultStopTimeout), request.Force, progress.Report, caller),
                ControlCommand.Start => pools.StartAllAsync(caller),
                _ => null,
            };
            var result = command switch
            {
                ControlCommand.Restart or ControlCommand.ServiceRestart =>
                    await RunEnabledAsync(targets, r => r.RestartAsync(Timeout(request, DefaultRestartTimeout), request.Force, operation)),
                ControlCommand.Start or ControlCommand.ServiceStart => await RunEnabledAsync(targets, r => r.StartAsync()),
                ControlCommand.Stop or ControlCommand.ServiceStop =>
                    await StopAsync(targets, Timeout(request, DefaultStopTimeout), request.Force, operation),
                ControlCommand.Reboot => Reboot(),
                _ => null,
            };
            if (result is null)
            {
                await reply(new ControlReply { Type = ControlReplyType.Error, Message = $"unknown command '{command.Spelling()}'" });
                return;
            }
            if (StartsProcesses(command) && request.Service is null) result = await ReconcileAsync(result, request, operation);
            var poolOutcome = poolWork is null ? null : await poolWork;
            await progress.FlushAsync();
            var ok = result.All(r => r.Value.Ok) && poolOutcome is not { Ok: false };
            var reboot = command == ControlCommand.Reboot;
            if (!ok && request.RebootOnError && !reboot)
            {
                context.Events.Write("supervisor", EventName.RebootOnError, "the reset failed; re-executing the supervisor (/rebootonerror)");
                reboot = true;
            }
            try
            {
                await reply(ResultReply(ok, result, command, configNote, poolOutcome) with
                {
                    Pools = pools is null || request.Service is not null ? null : await pools.StatusAsync(requesterPid),
                });
            }
            finally
            {
                // Only once the answer is on its way: the exec closes the client's connection.
                if (reboot) RebootRequested.TrySetResult();
            }
            // The requester's own drain, after it has its answer; the reset lock is held until it ends.
            await operation.AfterReplyAsync();
        }
        finally
        {
            _resetLock.Release();
        }
    }

    /// <summary>
    /// A request a service sent on its control channel, which its definition allows (checked by
    /// <see cref="ServiceReports"/>): carried out as for an administrator, on behalf of that
    /// process, with every progress line and the final reply sent back through <paramref name="reply"/>.
    /// </summary>
    public Task HandleServiceRequestAsync(string service, int pid, ControlRequest request, Func<ControlReply, Task> reply) =>
        HandleAsync(request, $"the {service} service (pid {pid})", reply, pid);

    /// <summary>
    /// Figures from each running target service, asked of its process; one JSON object per service
    /// that answered. The requester is not asked (it is waiting for this answer, and has its own figures).
    /// </summary>
    private async Task<ControlReply> FiguresAsync(string? service, int? requesterPid)
    {
        var named = runners.Where(r => service is null || r.Name == service).ToArray();
        if (named.Length == 0)
            return new ControlReply { Type = ControlReplyType.Error, Message = $"no service named '{service}'; services: {string.Join(", ", runners.Select(r => r.Name))}" };
        var targets = named.Where(r => requesterPid is null || r.Status().Pid != requesterPid).ToArray();
        var answers = await Task.WhenAll(targets.Select(r => r.FiguresAnswerAsync(FiguresTimeout)));
        var figures = targets.Zip(answers).Where(p => p.Second is not null).ToDictionary(p => p.First.Name, p => p.Second!.Figures!);
        var sites = targets.Zip(answers).Where(p => p.Second?.Sites is not null)
            .ToDictionary(p => p.First.Name, p => p.Second!.Sites!);
        var silent = targets.Zip(answers).Where(p => p.Second is null).Select(p => p.First.Name).ToArray();
        return new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = silent.Length == 0,
            Message = silent.Length == 0 ? null : $"no figures from {string.Join(", ", silent)} (not running, or no answer within {FiguresTimeout.TotalSeconds:0} s)",
            Figures = figures,
            Sites = sites.Count == 0 ? null : sites,
        };
    }

    /// <summary>`end-now`: every old process still draining is killed now, as at its deadline; the operation waiting on it completes and says so.</summary>
    private ControlReply EndNow(string caller)
    {
        var draining = runners.SelectMany(r => r.DrainingPids().Select(pid => $"{r.Name} pid {pid}"))
            .Concat(pools?.DrainingWorkers() ?? []).ToArray();
        context.Events.Write("supervisor", EventName.EndNow,
            $"by {caller}: {(draining.Length == 0 ? "nothing was draining" : string.Join(", ", draining))}");
        context.EndNow.Trigger(caller);
        return new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = true,
            Message = draining.Length == 0 ? "nothing was draining" : $"ending now: {string.Join(", ", draining)}",
            Ended = draining,
        };
    }

    /// <summary>
    /// The admin service committed <paramref name="version"/>: run on it. Sockets a service now
    /// needs are opened before it restarts; services take the version in place where they can;
    /// sockets nobody needs any more are closed. Answers once every service has applied it or
    /// its failure is known (a process draining after a restart is not waited for).
    /// </summary>
    /// <param name="requesterPid">The process that committed it: it runs on it already and is not asked to reload.</param>
    public async Task<ControlReply> ApplyVersionAsync(long? version, string caller, int? requesterPid = null)
    {
        if (version is not > 0) return new ControlReply { Type = ControlReplyType.Error, Message = $"{ControlCommand.ConfigApplied.Spelling()} needs a version" };
        var (text, config, errors) = RunningConfiguration.ReadVersion(context.Root, version.Value);
        if (config is null)
        {
            var message = $"version {version} cannot be applied: {string.Join("; ", errors)}";
            context.Events.Write("supervisor", EventName.ConfigInvalid, message);
            return new ControlReply { Type = ControlReplyType.Error, Message = message, ConfigVersion = context.ConfigVersion };
        }

        await _applyLock.WaitAsync();
        try
        {
            var before = context.Config;
            if (config.Version < before.Version)
                return new ControlReply
                {
                    Type = ControlReplyType.Result,
                    Ok = true,
                    Message = $"version {version} is older than the running version {before.Version}; nothing to do",
                    ConfigVersion = before.Version,
                };
            RunningConfiguration.Adopt(context, text!, config);
            context.Events.Write("supervisor", EventName.ConfigApplied, $"version {version} by {caller}");
            // The table first, so www reloading onto the version already knows the pools it names.
            if (pools is not null) await pools.ApplyAsync(config);

            var stopped = getState().StoppedServices;
            var timeout = DefaultRestartTimeout;
            var outcomes = await Task.WhenAll(runners.Select(r => VersionApply.ApplyAsync(r, before, config, version.Value, stopped.Contains(r.Name), timeout, requesterPid)));
            var wanted = runners.Where(r => IsEnabled(r) && !stopped.Contains(r.Name))
                .SelectMany(r => r.WantedListeners()).ToHashSet(StringComparer.Ordinal);
            // Sockets handed to pools' workers are held here too, whatever www's state.
            wanted.UnionWith(Hosting.Launch.DirectHandoff.Names(config));
            context.Listeners.Close(name => !wanted.Contains(name));

            var ok = outcomes.All(o => o.Outcome.Ok);
            var failed = runners.Zip(outcomes).Where(p => !p.Second.Outcome.Ok).Select(p => $"{p.First.Name}: {p.Second.Outcome.Message}");
            return new ControlReply
            {
                Type = ControlReplyType.Result,
                Ok = ok,
                Message = ok ? $"version {version} applied" : $"version {version} is committed but not applied everywhere: {string.Join("; ", failed)}",
                ConfigVersion = version,
                Services = runners.Zip(outcomes).Select(p => p.First.Status() with
                {
                    Ok = p.Second.Outcome.Ok,
                    Message = p.Second.Outcome.Message,
                    Outcome = p.Second.Kind,
                }).ToArray(),
            };
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>Starts every enabled service that an administrator has not stopped.</summary>
    public async Task StartInitialAsync()
    {
        var stopped = getState().StoppedServices;
        await Task.WhenAll(runners
            .Where(r => IsEnabled(r) && !stopped.Contains(r.Name))
            .Select(r => r.StartAsync()));
    }

    public Task StopAllAsync(TimeSpan timeout) =>
        Task.WhenAll(runners.Select(r => (Task)r.StopAsync(timeout, force: true, Operation.Quiet()))
            .Append(pools?.ShutdownAsync(timeout) ?? Task.CompletedTask));

    /// <summary>Restart or start: the targets are no longer stopped on purpose, and each enabled one runs the operation.</summary>
    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> RunEnabledAsync(IReadOnlyList<ServiceRunner> targets, Func<ServiceRunner, Task<ServiceOutcome>> operation)
    {
        foreach (var r in targets) updateState(s => s.WithStopped(r.Name, false));
        var enabled = targets.Where(IsEnabled).ToArray();
        return await CollectAsync(enabled, enabled.Select(operation));
    }

    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> StopAsync(IReadOnlyList<ServiceRunner> targets, TimeSpan timeout, bool force, Operation operation)
    {
        foreach (var r in targets) updateState(s => s.WithStopped(r.Name, true));
        var stopping = targets.Select(r => r.StopAsync(timeout, force, operation)).ToArray();
        // The services stop accepting as soon as they are told; closing our copies now means
        // new clients are refused rather than left waiting in a backlog nobody reads.
        var names = targets.Select(r => r.Name + "/").ToArray();
        context.Listeners.Close(n => names.Any(p => n.StartsWith(p, StringComparison.Ordinal)));
        return await CollectAsync(targets, stopping);
    }

    private static async Task<Dictionary<ServiceRunner, ServiceOutcome>> CollectAsync(IReadOnlyList<ServiceRunner> runners, IEnumerable<Task<ServiceOutcome>> operations)
    {
        var outcomes = await Task.WhenAll(operations);
        return runners.Zip(outcomes).ToDictionary(p => p.First, p => p.Second);
    }

    private Dictionary<ServiceRunner, ServiceOutcome> Reboot()
    {
        return runners.ToDictionary(r => r, _ => ServiceOutcome.Success("the supervisor re-executes in place; listening sockets are kept and the services start again under it"));
    }

    private static bool StartsProcesses(ControlCommand command) => command is ControlCommand.Restart or ControlCommand.Start
        or ControlCommand.ServiceRestart or ControlCommand.ServiceStart;

    /// <summary>Takes up a valid edit of wharf.json; an invalid one is reported and the running configuration stays.</summary>
    private async Task<string?> RefreshConfigurationAsync(Func<ControlReply, Task> reply)
    {
        var before = context.Config;
        var errors = RunningConfiguration.Refresh(context);
        if (errors.Count == 0)
        {
            if (!ReferenceEquals(before, context.Config))
                context.Events.Write("supervisor", EventName.ConfigLoaded, $"{context.Root.ConfigFile} changed; running on it from now on");
            return null;
        }
        var note = $"{context.Root.ConfigFile} is invalid, so the running configuration stays: {string.Join("; ", errors)}";
        context.ConfigNote = note;
        context.Events.Write("supervisor", EventName.ConfigInvalid, note);
        await reply(new ControlReply { Type = ControlReplyType.Progress, Message = note });
        return note;
    }

    /// <summary>After a whole-host start or restart: stop what the configuration no longer enables, and close listeners nobody needs.</summary>
    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> ReconcileAsync(Dictionary<ServiceRunner, ServiceOutcome> result, ControlRequest request, Operation operation)
    {
        foreach (var r in runners.Where(r => !IsEnabled(r) && r.IsRunning))
            result[r] = await r.StopAsync(Timeout(request, DefaultStopTimeout), request.Force, operation);
        // A service waiting to be restarted after a crash still owns its sockets: only what is
        // disabled or stopped on purpose gives them up.
        var stopped = getState().StoppedServices;
        var wanted = runners.Where(r => IsEnabled(r) && !stopped.Contains(r.Name))
            .SelectMany(r => r.WantedListeners()).ToHashSet(StringComparer.Ordinal);
        wanted.UnionWith(Hosting.Launch.DirectHandoff.Names(context.Config));
        context.Listeners.Close(name => !wanted.Contains(name));
        return result;
    }

    private bool IsEnabled(ServiceRunner r) => context.Config.Services.Get(r.Name)?.Enabled ?? false;

    private static TimeSpan Timeout(ControlRequest request, TimeSpan fallback) =>
        request.TimeoutSeconds is int s && s > 0 ? TimeSpan.FromSeconds(s) : fallback;

    private ControlReply StatusReply(bool ok, string? message) => new()
    {
        Type = ControlReplyType.Result,
        Ok = ok,
        Message = message,
        Services = runners.Select(r => r.Status() with { Ok = true }).ToArray(),
        ResetDisabled = getState().ResetDisabled,
        Events = context.Events.ReadRecent(StatusEvents),
        ConfigVersion = context.ConfigVersion,
        ConfigNote = context.ConfigNote,
        CommittedVersion = CommittedVersion(),
    };

    /// <summary>The store's newest committed version, read-only; null when it cannot be read (status still answers).</summary>
    private long? CommittedVersion()
    {
        try
        {
            return Config.Store.ConfigStore.ReadCommittedVersion(context.Root) is > 0 and var v ? v : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ControlCommand OneServiceVerb(ControlCommand command) => command switch
    {
        ControlCommand.ServiceStart => ControlCommand.Start,
        ControlCommand.ServiceStop => ControlCommand.Stop,
        ControlCommand.ServiceRestart => ControlCommand.Restart,
        _ => command,
    };

    private ControlReply ResultReply(bool ok, Dictionary<ServiceRunner, ServiceOutcome> outcomes, ControlCommand command, string? note, Pools.PoolOutcome? poolOutcome = null)
    {
        var failed = outcomes.Where(o => !o.Value.Ok).Select(o => $"{o.Key.Name}: {o.Value.Message}")
            .Concat(poolOutcome is { Ok: false } p ? [$"application pools: {p.Message}"] : []).ToArray();
        var forced = outcomes.Where(o => o.Value.Forced is { Count: > 0 }).Select(o => $"{o.Key.Name}: {ForcedStopText.Describe(o.Value.Forced!)}")
            .Concat(poolOutcome?.Forced is { Count: > 0 } pf ? [$"application pools: {ForcedStopText.Describe(pf)}"] : []).ToArray();
        var verb = OneServiceVerb(command).Spelling();
        var done = forced.Length == 0 ? $"{verb}: done" : $"{verb}: done, forced: {string.Join("; ", forced)}";
        return new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = ok,
            Forced = forced.Length > 0 ? true : null,
            Message = (ok ? done : $"{verb} failed: {string.Join("; ", failed)}") + (note is null ? "" : $". {note}"),
            Services = runners.Select(r => outcomes.TryGetValue(r, out var o)
                ? r.Status() with { Ok = o.Ok, Message = o.Message, Forced = o.Forced is { Count: > 0 } ? o.Forced : null }
                : r.Status()).ToArray(),
            ResetDisabled = getState().ResetDisabled,
        };
    }
}
