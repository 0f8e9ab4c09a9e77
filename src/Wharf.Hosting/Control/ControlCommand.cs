using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>The commands of <c>run/control.sock</c>, which a service may also ask over its channel when its definition allows.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlCommand>))]
public enum ControlCommand
{
    [JsonStringEnumMemberName("restart")] Restart,
    [JsonStringEnumMemberName("start")] Start,
    [JsonStringEnumMemberName("stop")] Stop,
    [JsonStringEnumMemberName("status")] Status,
    [JsonStringEnumMemberName("enable")] Enable,
    [JsonStringEnumMemberName("disable")] Disable,
    [JsonStringEnumMemberName("reboot")] Reboot,

    /// <summary>One service: <c>wharf service start|stop|restart NAME</c>.</summary>
    [JsonStringEnumMemberName("service-start")] ServiceStart,
    [JsonStringEnumMemberName("service-stop")] ServiceStop,
    [JsonStringEnumMemberName("service-restart")] ServiceRestart,

    /// <summary>A configuration version was committed: apply it.</summary>
    [JsonStringEnumMemberName("config-applied")] ConfigApplied,

    /// <summary>End the operation in progress now: every old process still draining for it is killed, as at its deadline.</summary>
    [JsonStringEnumMemberName("end-now")] EndNow,

    /// <summary>Figures from one service (or every one), asked of its process.</summary>
    [JsonStringEnumMemberName("figures")] Figures,

    /// <summary>One application pool (<see cref="ControlRequest.Pool"/>): start it (clearing rapid-fail protection), stop it, recycle its workers overlapped.</summary>
    [JsonStringEnumMemberName("apppool-start")] AppPoolStart,
    [JsonStringEnumMemberName("apppool-stop")] AppPoolStop,
    [JsonStringEnumMemberName("apppool-recycle")] AppPoolRecycle,
}
