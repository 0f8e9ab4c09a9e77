using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Tests;

/// <summary>The contract's words keep the spellings the CLI, the API and events.log already use.</summary>
public sealed class WireSpellingTests
{
    [Fact]
    public void Every_event_name_has_its_documented_spelling()
    {
        AssertSpellings(HostingJsonContext.Default.EventName, new Dictionary<EventName, string>
        {
            [EventName.Started] = "started", [EventName.Stopped] = "stopped", [EventName.Rebooted] = "rebooted",
            [EventName.Reboot] = "reboot", [EventName.RebootFailed] = "reboot-failed", [EventName.RebootOnError] = "reboot-on-error",
            [EventName.Reset] = "reset", [EventName.EndNow] = "end-now", [EventName.Enabled] = "enabled", [EventName.Disabled] = "disabled",
            [EventName.ConfigApplied] = "config-applied", [EventName.ConfigLoaded] = "config-loaded", [EventName.ConfigFallback] = "config-fallback",
            [EventName.InitialAccountCreated] = "initial-account-created",
            [EventName.Warning] = "warning", [EventName.Ready] = "ready", [EventName.StartFailed] = "start-failed",
            [EventName.Restarted] = "restarted", [EventName.Stopping] = "stopping", [EventName.StopTimeout] = "stop-timeout",
            [EventName.Killed] = "killed", [EventName.Crashed] = "crashed", [EventName.Hung] = "hung", [EventName.Restarting] = "restarting",
            [EventName.Failed] = "failed", [EventName.NotRestarted] = "not-restarted", [EventName.RecoveryProgram] = "recovery-program",
            [EventName.RecoveryProgramFailed] = "recovery-program-failed",
            [EventName.RecoveryProgramRefused] = "recovery-program-refused", [EventName.AccountCreated] = "account-created", [EventName.ConfigInvalid] = "config-invalid",
            [EventName.ConfigFixed] = "config-fixed", [EventName.ConfigHandEdit] = "config-hand-edit", [EventName.ConfigRecovered] = "config-recovered",
            [EventName.CertificateReloaded] = "certificate-reloaded", [EventName.CertificateInvalid] = "certificate-invalid", [EventName.LogFailed] = "log-failed",
            [EventName.PoolStarted] = "pool-started",
            [EventName.PoolStopped] = "pool-stopped",
            [EventName.PoolRapidFailed] = "pool-rapid-failed",
            [EventName.PoolOffline] = "pool-offline",
            [EventName.PoolOnline] = "pool-online",
            [EventName.PoolAccountCreated] = "pool-account-created",
            [EventName.AutoShutdownProgram] = "auto-shutdown-program",
            [EventName.WorkerStarted] = "worker-started",
            [EventName.WorkerReady] = "worker-ready",
            [EventName.WorkerStartFailed] = "worker-start-failed",
            [EventName.WorkerStopped] = "worker-stopped",
            [EventName.WorkerCrashed] = "worker-crashed",
            [EventName.WorkerKilled] = "worker-killed",
            [EventName.WorkerUnhealthy] = "worker-unhealthy",
            [EventName.WorkerOrphaned] = "worker-orphaned",
            [EventName.WorkerRecycled] = "worker-recycled",
            [EventName.WorkerIdle] = "worker-idle",
            [EventName.WorkerSuspended] = "worker-suspended",
            [EventName.WorkerResumed] = "worker-resumed",
            [EventName.WorkerAdopted] = "worker-adopted",
            [EventName.WorkerSwept] = "worker-swept",
            [EventName.CpuLimitExceeded] = "cpu-limit-exceeded",
            [EventName.CpuLimitReset] = "cpu-limit-reset",
            [EventName.MemoryLimitExceeded] = "memory-limit-exceeded",
            [EventName.CgroupUnavailable] = "cgroup-unavailable",
        });
    }

    [Fact]
    public void Every_control_command_has_its_documented_spelling()
    {
        AssertSpellings(HostingJsonContext.Default.ControlCommand, new Dictionary<ControlCommand, string>
        {
            [ControlCommand.Restart] = "restart", [ControlCommand.Start] = "start", [ControlCommand.Stop] = "stop",
            [ControlCommand.Status] = "status", [ControlCommand.Enable] = "enable", [ControlCommand.Disable] = "disable",
            [ControlCommand.Reboot] = "reboot", [ControlCommand.ServiceStart] = "service-start", [ControlCommand.ServiceStop] = "service-stop",
            [ControlCommand.ServiceRestart] = "service-restart", [ControlCommand.ConfigApplied] = "config-applied",
            [ControlCommand.EndNow] = "end-now", [ControlCommand.Figures] = "figures",
            [ControlCommand.AppPoolStart] = "apppool-start",
            [ControlCommand.AppPoolStop] = "apppool-stop",
            [ControlCommand.AppPoolRecycle] = "apppool-recycle",
        });
    }

    [Fact]
    public void Every_control_message_type_has_its_documented_spelling()
    {
        AssertSpellings(HostingJsonContext.Default.ControlMessageType, new Dictionary<ControlMessageType, string>
        {
            [ControlMessageType.Ping] = "ping", [ControlMessageType.Stop] = "stop", [ControlMessageType.Reload] = "reload",
            [ControlMessageType.Pong] = "pong", [ControlMessageType.Ready] = "ready", [ControlMessageType.Event] = "event",
            [ControlMessageType.Stopping] = "stopping", [ControlMessageType.Applied] = "applied", [ControlMessageType.Failed] = "failed",
            [ControlMessageType.RestartNeeded] = "restart-needed", [ControlMessageType.Request] = "request", [ControlMessageType.Reply] = "reply",
            [ControlMessageType.Figures] = "figures", [ControlMessageType.Holding] = "holding",
            [ControlMessageType.Workers] = "workers",
            [ControlMessageType.PoolReport] = "pool-report",
            [ControlMessageType.WorkerRequests] = "worker-requests",
        });
    }

    [Fact]
    public void Every_state_outcome_and_reply_type_has_its_documented_spelling()
    {
        AssertSpellings(HostingJsonContext.Default.ServiceState, new Dictionary<ServiceState, string>
        {
            [ServiceState.Stopped] = "Stopped", [ServiceState.Starting] = "Starting", [ServiceState.Running] = "Running",
            [ServiceState.Stopping] = "Stopping", [ServiceState.Restarting] = "Restarting",
            [ServiceState.WaitingToRestart] = "WaitingToRestart", [ServiceState.Failed] = "Failed",
        });
        AssertSpellings(HostingJsonContext.Default.ApplyOutcome, new Dictionary<ApplyOutcome, string>
        {
            [ApplyOutcome.Applied] = "applied", [ApplyOutcome.Restarted] = "restarted", [ApplyOutcome.Started] = "started",
            [ApplyOutcome.Stopped] = "stopped", [ApplyOutcome.Unchanged] = "unchanged", [ApplyOutcome.Failed] = "failed",
        });
        AssertSpellings(HostingJsonContext.Default.ControlReplyType, new Dictionary<ControlReplyType, string>
        {
            [ControlReplyType.Progress] = "progress", [ControlReplyType.Result] = "result", [ControlReplyType.Error] = "error",
        });
    }

    [Fact]
    public void Every_pool_word_has_its_documented_spelling()
    {
        AssertSpellings(HostingJsonContext.Default.PoolRouteState, new Dictionary<PoolRouteState, string>
        {
            [PoolRouteState.Running] = "running", [PoolRouteState.Stopped] = "stopped", [PoolRouteState.RapidFailed] = "rapid-failed",
        });
        AssertSpellings(HostingJsonContext.Default.WorkerRole, new Dictionary<WorkerRole, string>
        {
            [WorkerRole.Warming] = "warming", [WorkerRole.Active] = "active", [WorkerRole.Draining] = "draining", [WorkerRole.Suspended] = "suspended",
        });
        AssertSpellings(HostingJsonContext.Default.PoolReportKind, new Dictionary<PoolReportKind, string>
        {
            [PoolReportKind.Demand] = "demand", [PoolReportKind.Warmed] = "warmed", [PoolReportKind.WarmFailed] = "warm-failed",
            [PoolReportKind.Unhealthy] = "unhealthy", [PoolReportKind.Idle] = "idle", [PoolReportKind.RequestsReached] = "requests-reached",
            [PoolReportKind.WorkerAsked] = "worker-asked", [PoolReportKind.Offline] = "offline", [PoolReportKind.Online] = "online",
        });
        AssertSpellings(HostingJsonContext.Default.WorkerState, new Dictionary<WorkerState, string>
        {
            [WorkerState.Starting] = "starting", [WorkerState.Warming] = "warming", [WorkerState.Active] = "active",
            [WorkerState.Draining] = "draining", [WorkerState.Suspended] = "suspended", [WorkerState.Orphaned] = "orphaned",
        });
    }

    [Fact]
    public void A_message_keeps_its_shape_on_the_wire()
    {
        var line = JsonSerializer.Serialize(new ControlMessage { Type = ControlMessageType.Event, Event = EventName.ConfigInvalid, Detail = "x" },
            HostingJsonContext.Default.ControlMessage);

        Assert.Equal("""{"type":"event","event":"config-invalid","detail":"x"}""", line);
        Assert.Equal(ControlCommand.ServiceRestart,
            JsonSerializer.Deserialize("""{"command":"service-restart","service":"www"}""", HostingJsonContext.Default.ControlRequest)!.Command);
    }

    private static void AssertSpellings<T>(JsonTypeInfo<T> info, Dictionary<T, string> documented) where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>().Order(), documented.Keys.Order());
        foreach (var (value, spelling) in documented)
        {
            Assert.Equal($"\"{spelling}\"", JsonSerializer.Serialize(value, info));
            Assert.Equal(value, JsonSerializer.Deserialize($"\"{spelling}\"", info));
        }
    }
}
