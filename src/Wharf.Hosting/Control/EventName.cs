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
}
