using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// Carries out the control commands (`wharf reset` and `wharf service`) across the services.
/// One reset runs at a time; within it, services are handled side by side.
/// </summary>
internal sealed class Supervisor(SupervisorContext context, IReadOnlyList<ServiceRunner> runners, Func<SupervisorState> getState, Action<Func<SupervisorState, SupervisorState>> updateState)
{
    private static readonly TimeSpan DefaultRestartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(60);
    private const int StatusEvents = 10;

    private readonly SemaphoreSlim _resetLock = new(1, 1);

    // Applies go one at a time, but not behind a reset: a reset restarting the admin service waits
    // for the old admin process to drain, and that process may be the one waiting for this apply.
    // Each service's operations are serialised by its runner, so an apply and a reset interleave
    // per service, and both end on the newest version (the reset re-reads the same file).
    private readonly SemaphoreSlim _applyLock = new(1, 1);

    /// <summary>Set when a /reboot was asked for; the host re-executes once the reply is sent.</summary>
    public TaskCompletionSource RebootRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task HandleAsync(ControlRequest request, string caller, Func<ControlReply, Task> reply)
    {
        var command = request.Command;
        if (command == ControlRequest.Commands.Status)
        {
            await reply(StatusReply(true, null));
            return;
        }
        if (command is ControlRequest.Commands.Enable or ControlRequest.Commands.Disable)
        {
            var disable = command == ControlRequest.Commands.Disable;
            updateState(s => s with { ResetDisabled = disable });
            context.Events.Write("supervisor", disable ? "disabled" : "enabled", $"by {caller}");
            await reply(StatusReply(true, disable
                ? "Resets are disabled and automatic restart is off until `wharf reset /enable`."
                : "Resets and automatic restart are enabled."));
            return;
        }

        if (command == ControlRequest.Commands.ConfigApplied)
        {
            await reply(await ApplyVersionAsync(request.Version, caller));
            return;
        }

        var isReset = command is ControlRequest.Commands.Restart or ControlRequest.Commands.Start or ControlRequest.Commands.Stop or ControlRequest.Commands.Reboot;
        if (isReset && getState().ResetDisabled)
        {
            await reply(new ControlReply
            {
                Type = ControlReply.Types.Error,
                Message = "resets are disabled on this host (`wharf reset /disable`); run `wharf reset /enable` first",
            });
            return;
        }

        IReadOnlyList<ServiceRunner> targets = runners;
        if (command.StartsWith("service-", StringComparison.Ordinal))
        {
            var runner = runners.FirstOrDefault(r => r.Name == request.Service);
            if (runner is null)
            {
                await reply(new ControlReply { Type = ControlReply.Types.Error, Message = $"no service named '{request.Service}'; services: {string.Join(", ", runners.Select(r => r.Name))}" });
                return;
            }
            targets = [runner];
        }

        if (!await _resetLock.WaitAsync(0))
        {
            await reply(new ControlReply { Type = ControlReply.Types.Progress, Message = "another reset is in progress; waiting for it" });
            await _resetLock.WaitAsync();
        }
        try
        {
            context.Events.Write("supervisor", "reset", $"{command}{(request.Service is null ? "" : " " + request.Service)} by {caller}");
            var progress = new ProgressThrottle(reply);
            var configNote = StartsProcesses(command) ? await RefreshConfigurationAsync(reply) : null;
            var result = command switch
            {
                ControlRequest.Commands.Restart or ControlRequest.Commands.ServiceRestart =>
                    await RunEnabledAsync(targets, r => r.RestartAsync(Timeout(request, DefaultRestartTimeout), request.Force, progress.Report)),
                ControlRequest.Commands.Start or ControlRequest.Commands.ServiceStart => await RunEnabledAsync(targets, r => r.StartAsync("start")),
                ControlRequest.Commands.Stop or ControlRequest.Commands.ServiceStop =>
                    await StopAsync(targets, Timeout(request, DefaultStopTimeout), request.Force, progress.Report),
                ControlRequest.Commands.Reboot => Reboot(),
                _ => null,
            };
            if (result is null)
            {
                await reply(new ControlReply { Type = ControlReply.Types.Error, Message = $"unknown command '{command}'" });
                return;
            }
            if (StartsProcesses(command) && request.Service is null) result = await ReconcileAsync(result, request);
            await progress.FlushAsync();
            var ok = result.All(r => r.Value.Ok);
            var reboot = command == ControlRequest.Commands.Reboot;
            if (!ok && request.RebootOnError && !reboot)
            {
                context.Events.Write("supervisor", "reboot-on-error", "the reset failed; re-executing the supervisor (/rebootonerror)");
                reboot = true;
            }
            try
            {
                await reply(ResultReply(ok, result, command, configNote));
            }
            finally
            {
                // Only once the answer is on its way: the exec closes the client's connection.
                if (reboot) RebootRequested.TrySetResult();
            }
        }
        finally
        {
            _resetLock.Release();
        }
    }

    /// <summary>
    /// A request a service sent on its control channel. Only the admin service asks, and only
    /// for what it needs: to apply a version it committed, and the status it reports.
    /// </summary>
    public async Task<ControlReply> HandleServiceRequestAsync(string service, int pid, ControlRequest request)
    {
        var allowed = service == Config.Model.ServiceNames.Admin
            && request.Command is ControlRequest.Commands.ConfigApplied or ControlRequest.Commands.Status;
        if (!allowed)
            return new ControlReply { Type = ControlReply.Types.Error, Message = $"{service} may not ask the supervisor for '{request.Command}'" };
        ControlReply? last = null;
        await HandleAsync(request, $"the {service} service (pid {pid})", r =>
        {
            last = r;
            return Task.CompletedTask;
        });
        return last ?? new ControlReply { Type = ControlReply.Types.Error, Message = "the supervisor gave no answer" };
    }

    /// <summary>
    /// The admin service committed <paramref name="version"/>: run on it. Sockets a service now
    /// needs are opened before it restarts; services take the version in place where they can;
    /// sockets nobody needs any more are closed. Answers once every service has applied it or
    /// its failure is known (a process draining after a restart is not waited for).
    /// </summary>
    public async Task<ControlReply> ApplyVersionAsync(long? version, string caller)
    {
        if (version is not > 0) return new ControlReply { Type = ControlReply.Types.Error, Message = "config-applied needs a version" };
        var (text, config, errors) = RunningConfiguration.ReadVersion(context.Root, version.Value);
        if (config is null)
        {
            var message = $"version {version} cannot be applied: {string.Join("; ", errors)}";
            context.Events.Write("supervisor", "config-invalid", message);
            return new ControlReply { Type = ControlReply.Types.Error, Message = message, ConfigVersion = context.ConfigVersion };
        }

        await _applyLock.WaitAsync();
        try
        {
            var before = context.Config;
            if (config.Version < before.Version)
                return new ControlReply
                {
                    Type = ControlReply.Types.Result,
                    Ok = true,
                    Message = $"version {version} is older than the running version {before.Version}; nothing to do",
                    ConfigVersion = before.Version,
                };
            RunningConfiguration.Adopt(context, text!, config);
            context.Events.Write("supervisor", "config-applied", $"version {version} by {caller}");

            var stopped = getState().StoppedServices;
            var timeout = DefaultRestartTimeout;
            var outcomes = await Task.WhenAll(runners.Select(r => r.ApplyAsync(before, config, version.Value, stopped.Contains(r.Name), timeout)));
            var wanted = runners.Where(r => IsEnabled(r) && !stopped.Contains(r.Name))
                .SelectMany(r => r.WantedListeners()).ToHashSet(StringComparer.Ordinal);
            context.Listeners.Close(name => !wanted.Contains(name));

            var ok = outcomes.All(o => o.Outcome.Ok);
            var failed = runners.Zip(outcomes).Where(p => !p.Second.Outcome.Ok).Select(p => $"{p.First.Name}: {p.Second.Outcome.Message}");
            return new ControlReply
            {
                Type = ControlReply.Types.Result,
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
            .Select(r => r.StartAsync("start")));
    }

    public Task StopAllAsync(TimeSpan timeout) =>
        Task.WhenAll(runners.Select(r => r.StopAsync(timeout, force: true, (_, _, _) => { })));

    /// <summary>Restart or start: the targets are no longer stopped on purpose, and each enabled one runs the operation.</summary>
    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> RunEnabledAsync(IReadOnlyList<ServiceRunner> targets, Func<ServiceRunner, Task<ServiceOutcome>> operation)
    {
        foreach (var r in targets) updateState(s => s.WithStopped(r.Name, false));
        var enabled = targets.Where(IsEnabled).ToArray();
        return await CollectAsync(enabled, enabled.Select(operation));
    }

    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> StopAsync(IReadOnlyList<ServiceRunner> targets, TimeSpan timeout, bool force, ProgressReporter progress)
    {
        foreach (var r in targets) updateState(s => s.WithStopped(r.Name, true));
        var stopping = targets.Select(r => r.StopAsync(timeout, force, progress)).ToArray();
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

    private static bool StartsProcesses(string command) => command is ControlRequest.Commands.Restart or ControlRequest.Commands.Start
        or ControlRequest.Commands.ServiceRestart or ControlRequest.Commands.ServiceStart;

    /// <summary>Takes up a valid edit of wharf.json; an invalid one is reported and the running configuration stays.</summary>
    private async Task<string?> RefreshConfigurationAsync(Func<ControlReply, Task> reply)
    {
        var before = context.Config;
        var errors = RunningConfiguration.Refresh(context);
        if (errors.Count == 0)
        {
            if (!ReferenceEquals(before, context.Config))
                context.Events.Write("supervisor", "config-loaded", $"{context.Root.ConfigFile} changed; running on it from now on");
            return null;
        }
        var note = $"{context.Root.ConfigFile} is invalid, so the running configuration stays: {string.Join("; ", errors)}";
        context.ConfigNote = note;
        context.Events.Write("supervisor", "config-invalid", note);
        await reply(new ControlReply { Type = ControlReply.Types.Progress, Message = note });
        return note;
    }

    /// <summary>After a whole-host start or restart: stop what the configuration no longer enables, and close listeners nobody needs.</summary>
    private async Task<Dictionary<ServiceRunner, ServiceOutcome>> ReconcileAsync(Dictionary<ServiceRunner, ServiceOutcome> result, ControlRequest request)
    {
        foreach (var r in runners.Where(r => !IsEnabled(r) && r.IsRunning))
            result[r] = await r.StopAsync(Timeout(request, DefaultStopTimeout), request.Force, (_, _, _) => { });
        // A service waiting to be restarted after a crash still owns its sockets: only what is
        // disabled or stopped on purpose gives them up.
        var stopped = getState().StoppedServices;
        var wanted = runners.Where(r => IsEnabled(r) && !stopped.Contains(r.Name))
            .SelectMany(r => r.WantedListeners()).ToHashSet(StringComparer.Ordinal);
        context.Listeners.Close(name => !wanted.Contains(name));
        return result;
    }

    private bool IsEnabled(ServiceRunner r) => context.Config.Services.Get(r.Name)?.Enabled ?? false;

    private static TimeSpan Timeout(ControlRequest request, TimeSpan fallback) =>
        request.TimeoutSeconds is int s && s > 0 ? TimeSpan.FromSeconds(s) : fallback;

    private ControlReply StatusReply(bool ok, string? message) => new()
    {
        Type = ControlReply.Types.Result,
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

    private ControlReply ResultReply(bool ok, Dictionary<ServiceRunner, ServiceOutcome> outcomes, string command, string? note)
    {
        var failed = outcomes.Where(o => !o.Value.Ok).Select(o => $"{o.Key.Name}: {o.Value.Message}").ToArray();
        var verb = command.Replace("service-", "");
        return new ControlReply
        {
            Type = ControlReply.Types.Result,
            Ok = ok,
            Message = (ok ? $"{verb}: done" : $"{verb} failed: {string.Join("; ", failed)}") + (note is null ? "" : $". {note}"),
            Services = runners.Select(r => outcomes.TryGetValue(r, out var o)
                ? r.Status() with { Ok = o.Ok, Message = o.Message }
                : r.Status()).ToArray(),
            ResetDisabled = getState().ResetDisabled,
        };
    }
}
