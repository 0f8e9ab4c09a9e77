using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>The kinds of line on the channel between the supervisor and a supervised process; the wire spelling is the member name's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlMessageType>))]
public enum ControlMessageType
{
    // Supervisor to service.
    [JsonStringEnumMemberName("ping")] Ping,
    [JsonStringEnumMemberName("stop")] Stop,
    [JsonStringEnumMemberName("reload")] Reload,

    // Service to supervisor.
    [JsonStringEnumMemberName("pong")] Pong,
    [JsonStringEnumMemberName("ready")] Ready,
    [JsonStringEnumMemberName("event")] Event,
    [JsonStringEnumMemberName("stopping")] Stopping,

    /// <summary>What a draining process still holds (<see cref="ControlMessage.Holding"/>), every second until it exits.</summary>
    [JsonStringEnumMemberName("holding")] Holding,

    /// <summary>A reload's answers: taken in place, not taken, or needs an overlapped restart.</summary>
    [JsonStringEnumMemberName("applied")] Applied,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("restart-needed")] RestartNeeded,

    /// <summary>Service to supervisor: a control command; answered by <see cref="Reply"/> lines with the same seq (progress, then the final one).</summary>
    [JsonStringEnumMemberName("request")] Request,
    [JsonStringEnumMemberName("reply")] Reply,

    /// <summary>Supervisor to service: report your figures; the service answers with the same type and seq.</summary>
    [JsonStringEnumMemberName("figures")] Figures,

    /// <summary>Supervisor to www: every pool's state and workers (<see cref="ControlMessage.Pools"/>), the whole table, at each change and after www is ready.</summary>
    [JsonStringEnumMemberName("workers")] Workers,

    /// <summary>www to supervisor: something about a pool's requests (<see cref="ControlMessage.PoolReport"/>).</summary>
    [JsonStringEnumMemberName("pool-report")] PoolReport,

    /// <summary>
    /// Supervisor to www: which requests a worker was serving (<see cref="ControlMessage.Worker"/>); www answers with the same type and seq, and <see cref="ControlMessage.InFlight"/>.
    /// Asked about no worker, right after a <see cref="Workers"/> table, its answer says www has taken the table.
    /// </summary>
    [JsonStringEnumMemberName("worker-requests")] WorkerRequests,
}
