using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>
/// Every event name in <c>logs/events.log</c>, written by the supervisor or reported by a
/// service. This is the one place the words are spelled; a service may report only what its
/// <see cref="ServiceDefinition.MayReport"/> lists.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventName>))]
public enum EventName
{
    // The supervisor itself.
    [JsonStringEnumMemberName("started")] Started,
    [JsonStringEnumMemberName("stopped")] Stopped,
    [JsonStringEnumMemberName("rebooted")] Rebooted,
    [JsonStringEnumMemberName("reboot")] Reboot,
    [JsonStringEnumMemberName("reboot-failed")] RebootFailed,
    [JsonStringEnumMemberName("reboot-on-error")] RebootOnError,
    [JsonStringEnumMemberName("reset")] Reset,
    [JsonStringEnumMemberName("end-now")] EndNow,
    [JsonStringEnumMemberName("enabled")] Enabled,
    [JsonStringEnumMemberName("disabled")] Disabled,
    [JsonStringEnumMemberName("config-applied")] ConfigApplied,
    [JsonStringEnumMemberName("config-loaded")] ConfigLoaded,
    [JsonStringEnumMemberName("config-fallback")] ConfigFallback,
    [JsonStringEnumMemberName("initial-account-created")] InitialAccountCreated,
    [JsonStringEnumMemberName("warning")] Warning,

    // A supervised process's lifecycle.
    [JsonStringEnumMemberName("ready")] Ready,
    [JsonStringEnumMemberName("start-failed")] StartFailed,
    [JsonStringEnumMemberName("restarted")] Restarted,
    [JsonStringEnumMemberName("stopping")] Stopping,
    [JsonStringEnumMemberName("stop-timeout")] StopTimeout,
    [JsonStringEnumMemberName("killed")] Killed,
    [JsonStringEnumMemberName("crashed")] Crashed,
    [JsonStringEnumMemberName("hung")] Hung,
    [JsonStringEnumMemberName("restarting")] Restarting,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("not-restarted")] NotRestarted,
    [JsonStringEnumMemberName("recovery-program")] RecoveryProgram,
    [JsonStringEnumMemberName("recovery-program-failed")] RecoveryProgramFailed,
    [JsonStringEnumMemberName("recovery-program-refused")] RecoveryProgramRefused,
    [JsonStringEnumMemberName("account-created")] AccountCreated,

    // The configuration file, seen by the supervisor or reported by the service that watches it.
    [JsonStringEnumMemberName("config-invalid")] ConfigInvalid,
    [JsonStringEnumMemberName("config-fixed")] ConfigFixed,
    [JsonStringEnumMemberName("config-hand-edit")] ConfigHandEdit,
    [JsonStringEnumMemberName("config-recovered")] ConfigRecovered,

    // Reported by www.
    [JsonStringEnumMemberName("certificate-reloaded")] CertificateReloaded,
    [JsonStringEnumMemberName("certificate-invalid")] CertificateInvalid,
    [JsonStringEnumMemberName("log-failed")] LogFailed,

    // Application pools and their workers, written by the supervisor (detail names pool, worker id and pid).
    [JsonStringEnumMemberName("pool-started")] PoolStarted,
    [JsonStringEnumMemberName("pool-stopped")] PoolStopped,
    [JsonStringEnumMemberName("pool-rapid-failed")] PoolRapidFailed,
    [JsonStringEnumMemberName("pool-offline")] PoolOffline,
    [JsonStringEnumMemberName("pool-online")] PoolOnline,
    [JsonStringEnumMemberName("pool-account-created")] PoolAccountCreated,
    [JsonStringEnumMemberName("auto-shutdown-program")] AutoShutdownProgram,
    [JsonStringEnumMemberName("worker-started")] WorkerStarted,
    [JsonStringEnumMemberName("worker-ready")] WorkerReady,
    [JsonStringEnumMemberName("worker-start-failed")] WorkerStartFailed,
    [JsonStringEnumMemberName("worker-stopped")] WorkerStopped,

    /// <summary>An unasked-for exit; the detail names the requests it was serving (method, URL, how long, client).</summary>
    [JsonStringEnumMemberName("worker-crashed")] WorkerCrashed,

    /// <summary>Killed at its shutdown time limit, or by a CPU or memory action; the detail names the requests it was serving.</summary>
    [JsonStringEnumMemberName("worker-killed")] WorkerKilled,
    [JsonStringEnumMemberName("worker-unhealthy")] WorkerUnhealthy,
    [JsonStringEnumMemberName("worker-orphaned")] WorkerOrphaned,
    [JsonStringEnumMemberName("worker-recycled")] WorkerRecycled,
    [JsonStringEnumMemberName("worker-idle")] WorkerIdle,
    [JsonStringEnumMemberName("worker-suspended")] WorkerSuspended,
    [JsonStringEnumMemberName("worker-resumed")] WorkerResumed,
    [JsonStringEnumMemberName("worker-adopted")] WorkerAdopted,
    [JsonStringEnumMemberName("worker-swept")] WorkerSwept,
    [JsonStringEnumMemberName("cpu-limit-exceeded")] CpuLimitExceeded,

    /// <summary>The cpu.resetInterval window in which a worker was throttled ended: its cap or low weight is lifted.</summary>
    [JsonStringEnumMemberName("cpu-limit-reset")] CpuLimitReset,
    [JsonStringEnumMemberName("memory-limit-exceeded")] MemoryLimitExceeded,

    /// <summary>Neither cgroup v2 nor v1 can be written: CPU and memory limits, suspend and the group kill fall back, and say so.</summary>
    [JsonStringEnumMemberName("cgroup-unavailable")] CgroupUnavailable,
}
