using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor;

/// <summary>A launch's result: the process, ready, or why there is none.</summary>
internal readonly record struct Launch(ServiceProcess? Process, ServiceOutcome Outcome);

/// <summary>
/// Starts one process of a service: its sockets, its account, the launch itself, the
/// <c>started</c> and <c>ready</c> events, readiness within <c>startupTimeLimit</c>, and then
/// liveness by ping. The lifecycle pieces it uses are the same for every kind of process; the
/// control channel is what makes this one a service's.
/// </summary>
internal sealed class ServiceLaunch(ServiceDefinition definition, SupervisorContext context, ServiceAccess access, ServiceReports reports)
{
    private string Name => definition.Name;

    /// <summary>Before a reload of <paramref name="version"/>: the folders it makes the service write, and the service's view of it.</summary>
    public void PrepareReload(Config.Model.WharfConfig config, long version) => access.PrepareReload(config, version);

    /// <summary>Starts a process and waits until it says ready, exits, or runs out of its startup time.</summary>
    /// <param name="started">Called once the process exists, before its readiness is awaited.</param>
    /// <param name="watch">Sees the process to its end, whatever happens here.</param>
    public async Task<Launch> RunAsync(Action<SupervisedProcess> started, Func<ServiceProcess, Task> watch)
    {
        var config = context.Config;
        var settings = config.Services.Get(Name) ?? new();
        IReadOnlyDictionary<string, int> fds;
        ServiceProcess service;
        string? user;
        try
        {
            fds = context.Listeners.Ensure(definition.Listeners(config));
            var (account, view) = access.PrepareStart(config, context.ConfigVersion);
            user = account?.Name;
            var launched = context.Launcher.StartService(Name, fds, view, context.ConfigVersion, account, definition.ProcessEnvironment, access.ViewsFolder);
            service = new ServiceProcess(launched, context.Time, reports.OnMessage);
        }
        catch (Exception e) when (e is ListenerException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            context.Events.Write(Name, EventName.StartFailed, e.Message);
            return new Launch(null, ServiceOutcome.Failure(e.Message));
        }

        var process = service.Process;
        started(process);
        context.Events.Write(Name, EventName.Started,
            $"{fds.Count} listener(s): {string.Join(", ", fds.Keys)}; as user {user ?? Environment.UserName}", process.Pid);
        _ = watch(service);

        switch (await Readiness.WaitAsync(process, settings.StartupTimeLimit, context.Time))
        {
            case ReadinessResult.Ready:
                context.Events.Write(Name, EventName.Ready, null, process.Pid);
                // It routes requests to workers only once it knows them.
                if (definition.ServesPools && context.PoolServiceReady is { } tell) await tell(service);
                _ = WatchLivenessAsync(service, settings.PingInterval, settings.PingMissedLimit);
                return new Launch(service, ServiceOutcome.Success("ready"));
            case ReadinessResult.Exited:
                var reason = await service.StartFailureAfterExitAsync() is { } why
                    ? $"pid {process.Pid} could not start: {why}"
                    : $"pid {process.Pid} exited before it was ready ({await process.Exited})";
                return new Launch(null, ServiceOutcome.Failure(reason));
            default:
                process.ExpectExit();
                process.Kill("not ready in time");
                await process.Exited;
                return new Launch(null, ServiceOutcome.Failure($"pid {process.Pid} did not say ready within {RecoveryPolicy.Describe(settings.StartupTimeLimit)}"));
        }
    }

    /// <summary>A service's liveness is its answers to pings; one that stays silent is hung: killed, and recovered as a crash.</summary>
    private async Task WatchLivenessAsync(ServiceProcess service, TimeSpan interval, int missedLimit)
    {
        if (await Liveness.WatchAsync(service.Process, interval, missedLimit, service.PingAsync, context.Time) is not { } silent) return;
        context.Events.Write(Name, EventName.Hung, $"no answer to {missedLimit} pings in {RecoveryPolicy.Describe(silent)}", service.Pid);
        // It cannot say what it holds any more; its last answer to a ping said, so the kill names that.
        var last = service.Process.Holding.Current;
        service.Process.Kill($"hung: no answer to {missedLimit} pings; killed"
            + ForcedStopText.Cutting(last?.Report, last is { } l ? Math.Round(l.Age.TotalSeconds, 1) : null));
    }
}
