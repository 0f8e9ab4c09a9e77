using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>What applying a configuration version did to one service.</summary>
internal readonly record struct ApplyOutcome(string Kind, ServiceOutcome Outcome)
{
    public const string Applied = "applied";
    public const string Restarted = "restarted";
    public const string Started = "started";
    public const string Stopped = "stopped";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";

    public static ApplyOutcome From(string kindIfOk, ServiceOutcome outcome) => new(outcome.Ok ? kindIfOk : Failed, outcome);
}

internal sealed partial class ServiceRunner
{
    /// <summary>
    /// Brings the service to configuration <paramref name="version"/>: in place when the service
    /// can take it (<c>reload</c>), by an overlapped restart when its sockets or its process
    /// settings changed or it asks for one, by a start or stop when it was enabled or disabled.
    /// </summary>
    public async Task<ApplyOutcome> ApplyAsync(WharfConfig before, WharfConfig after, long version, bool stoppedOnPurpose, TimeSpan timeout)
    {
        var settings = after.Services.Get(Name);
        if (settings is not { Enabled: true })
        {
            if (!IsRunning) return new(ApplyOutcome.Unchanged, ServiceOutcome.Success("disabled"));
            return ApplyOutcome.From(ApplyOutcome.Stopped, await StopAsync(timeout, force: true, (_, _, _) => { }));
        }
        if (!IsRunning)
        {
            if (stoppedOnPurpose)
                return new(ApplyOutcome.Unchanged, ServiceOutcome.Success("stopped by an administrator; it runs on this version when started"));
            return ApplyOutcome.From(ApplyOutcome.Started, await StartAsync($"configuration version {version}"));
        }

        var socketsChanged = !definition.Listeners(before).Select(l => l.Name)
            .SequenceEqual(definition.Listeners(after).Select(l => l.Name), StringComparer.Ordinal);
        // The account, ping and recovery settings are the supervisor's to apply at launch.
        var processChanged = before.Services.Get(Name) != settings;
        if (socketsChanged || processChanged)
            return await RestartForConfigAsync(timeout, socketsChanged ? "its listening sockets changed" : "its process settings changed");

        var process = _current;
        if (process is null) return new(ApplyOutcome.Unchanged, ServiceOutcome.Success("not running"));
        // A new site's log folder, made and given to the service's account before it is told.
        if (_account is not null) _accounts.PrepareWrittenFolders(after, _account);
        var answer = await process.ReloadAsync(version, timeout);
        // A reset replaced the process meanwhile: its successor may have started on the previous
        // version, so it is the one to reload. Bounded: each round needs another replacement.
        for (var round = 0; answer.Event == ServiceProcess.StoppingEvent && round < 3; round++)
        {
            var successor = _current;
            if (successor is null || successor == process)
                return new(ApplyOutcome.Unchanged, ServiceOutcome.Success($"pid {process.Pid} is stopping; the service starts on version {version} when started"));
            process = successor;
            answer = await process.ReloadAsync(version, timeout);
        }
        if (answer.Type == ControlMessage.Types.Applied)
            return new(ApplyOutcome.Applied, ServiceOutcome.Success($"applied version {version} in place (pid {process.Pid})"));
        if (answer.Event == "restart-needed")
            return await RestartForConfigAsync(timeout, "it asked for a restart to apply it");
        return new(ApplyOutcome.Failed, ServiceOutcome.Failure($"version {version} not applied: {answer.Detail ?? "no reason given"}; pid {process.Pid} keeps running on the previous version"));
    }

    private async Task<ApplyOutcome> RestartForConfigAsync(TimeSpan timeout, string why)
    {
        var outcome = await RestartAsync(timeout, force: true, (_, _, _) => { }, waitForDrain: false);
        return ApplyOutcome.From(ApplyOutcome.Restarted, outcome.Ok ? ServiceOutcome.Success($"{outcome.Message} ({why})") : outcome);
    }
}
