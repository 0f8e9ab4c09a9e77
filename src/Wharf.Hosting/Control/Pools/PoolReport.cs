using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control.Pools;

/// <summary>
/// What www tells the supervisor about a pool's requests (a <see cref="ControlMessageType.PoolReport"/>
/// line). The supervisor decides what to do with it; www never acts on a process.
/// </summary>
public sealed record PoolReport
{
    public required PoolReportKind Kind { get; init; }

    public required string Pool { get; init; }

    /// <summary>The worker concerned (<see cref="WorkerRoute.Id"/>), where there is one.</summary>
    public string? Worker { get; init; }

    /// <summary>In plain words: what the health request got, which file appeared, what the worker's header said.</summary>
    public string? Detail { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<PoolReportKind>))]
public enum PoolReportKind
{
    /// <summary>Requests wait and no worker takes them: start one (or thaw a suspended one).</summary>
    [JsonStringEnumMemberName("demand")] Demand,

    /// <summary>The warm-up request of a warming worker answered below 500.</summary>
    [JsonStringEnumMemberName("warmed")] Warmed,

    /// <summary>The warm-up request failed: a start failure.</summary>
    [JsonStringEnumMemberName("warm-failed")] WarmFailed,

    /// <summary>A health request failed or was not answered within pingResponseTime.</summary>
    [JsonStringEnumMemberName("unhealthy")] Unhealthy,

    /// <summary>No request for the pool's idleTimeout.</summary>
    [JsonStringEnumMemberName("idle")] Idle,

    /// <summary>The worker served periodicRestart.requests requests.</summary>
    [JsonStringEnumMemberName("requests-reached")] RequestsReached,

    /// <summary>The worker asked to be recycled with the Wharf-Recycle response header.</summary>
    [JsonStringEnumMemberName("worker-asked")] WorkerAsked,

    /// <summary>app_offline.htm appeared in one of the pool's applications: stop its workers.</summary>
    [JsonStringEnumMemberName("offline")] Offline,

    /// <summary>Every app_offline.htm of the pool is gone.</summary>
    [JsonStringEnumMemberName("online")] Online,
}
