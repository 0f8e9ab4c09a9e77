using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>What applying a configuration version did to one service.</summary>
internal readonly record struct ApplyReport(ApplyOutcome Kind, ServiceOutcome Outcome)
{
    public static ApplyReport From(ApplyOutcome kindIfOk, ServiceOutcome outcome) => new(outcome.Ok ? kindIfOk : ApplyOutcome.Failed, outcome);
}

/// <summary>
/// Brings one service to a configuration version: in place when the service can take it
/// (<c>reload</c>), by an overlapped restart when its sockets or its process settings changed or it
/// asks for one, by a start or stop when it was enabled or disabled. One-way: the process that
/// committed the version is never asked to reload it (it runs on it already), and a restart
/// answers once the successor is ready, never waiting for the old process's drain.
/// </summary>
internal static class VersionApply
{
    /// <param name="requesterPid">The process that asked for this apply, whose own answer is never waited for.</param>
    public static async Task<ApplyReport> ApplyAsync(ServiceRunner runner, WharfConfig before, WharfConfig after, long version,
        bool stoppedOnPurpose, TimeSpan timeout, int? requesterPid)
    {
        var operation = new Operation((_, _, _) => { }, requesterPid);
        var settings = after.Services.Get(runner.Name);
        if (settings is not { Enabled: true })
        {
            if (!runner.IsRunning) return new(ApplyOutcome.Unchanged, ServiceOutcome.Success("disabled"));
            return ApplyReport.From(ApplyOutcome.Stopped, await runner.StopAsync(timeout, force: true, operation));
        }
        if (!runner.IsRunning)
        {
            if (stoppedOnPurpose)
                return new(ApplyOutcome.Unchanged, ServiceOutcome.Success("stopped by an administrator; it runs on this version when started"));
            return ApplyReport.From(ApplyOutcome.Started, await runner.StartAsync($"configuration version {version}"));
        }

        var socketsChanged = !runner.Definition.Listeners(before).Select(l => l.Name)
            .SequenceEqual(runner.Definition.Listeners(after).Select(l => l.Name), StringComparer.Ordinal);
        // The account, ping and recovery settings are the supervisor's to apply at launch.
        var processChanged = before.Services.Get(runner.Name) != settings;
        if (socketsChanged || processChanged)
            return await RestartAsync(runner, timeout, operation, socketsChanged ? "its listening sockets changed" : "its process settings changed");

        var answer = await runner.WithCurrentAsync<(ApplyReport Report, bool Restart)>(async process =>
        {
            if (process is null) return (new ApplyReport(ApplyOutcome.Unchanged, ServiceOutcome.Success("not running")), false);
            if (operation.IsRequester(process))
                return (new ApplyReport(ApplyOutcome.Applied, ServiceOutcome.Success($"pid {process.Pid} committed version {version} and runs on it")), false);
            // A new site's log folder, and the service's view of the version, before it is told.
            runner.PrepareReload(after, version);
            var reloaded = await process.ReloadAsync(version, timeout);
            return reloaded.Type switch
            {
                ControlMessageType.Applied => (new ApplyReport(ApplyOutcome.Applied, ServiceOutcome.Success($"applied version {version} in place (pid {process.Pid})")), false),
                ControlMessageType.RestartNeeded => (default, true),
                null => (new ApplyReport(ApplyOutcome.Unchanged, ServiceOutcome.Success($"pid {process.Pid} is stopping; the service starts on version {version} when started")), false),
                _ => (new ApplyReport(ApplyOutcome.Failed, ServiceOutcome.Failure(
                    $"version {version} not applied: {reloaded.Detail ?? "no reason given"}; pid {process.Pid} keeps running on the previous version")), false),
            };
        });
        return answer.Restart ? await RestartAsync(runner, timeout, operation, "it asked for a restart to apply it") : answer.Report;
    }

    private static async Task<ApplyReport> RestartAsync(ServiceRunner runner, TimeSpan timeout, Operation operation, string why)
    {
        var outcome = await runner.RestartAsync(timeout, force: true, operation, waitForDrain: false);
        return ApplyReport.From(ApplyOutcome.Restarted, outcome.Ok ? ServiceOutcome.Success($"{outcome.Message} ({why})") : outcome);
    }
}
