using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control.Pools;

/// <summary>
/// The supervisor's word to www about one pool (in a <see cref="ControlMessageType.Workers"/>
/// line, the whole table at once): whether it takes requests, and which of its workers take new
/// ones. www routes by it and never starts or stops a process itself.
/// </summary>
public sealed record PoolRoute
{
    public required string Pool { get; init; }

    public required PoolRouteState State { get; init; }

    /// <summary>Why the pool does not take requests (a stopped or rapid-failed pool): for the 503's log line.</summary>
    public string? Reason { get; init; }

    /// <summary>For a pool that does not take requests and will again: seconds to put in Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }

    public IReadOnlyList<WorkerRoute> Workers { get; init; } = [];
}

/// <summary>One worker process, and where it listens.</summary>
public sealed record WorkerRoute
{
    /// <summary>The pool's name, '#', and a number never reused while the supervisor runs: "Shop#7".</summary>
    public required string Id { get; init; }

    public required int Pid { get; init; }

    /// <summary>"unix:/abs/path.sock" or "127.0.0.1:PORT".</summary>
    public required string Endpoint { get; init; }

    public required WorkerRole Role { get; init; }

    /// <summary>
    /// Direct hand-off: it was ready by waiting on its handed sockets while its own endpoint did not
    /// accept (a program that takes fd 3 only), so www sends it nothing: no health or warm-up request.
    /// </summary>
    public bool HandoffOnly { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<PoolRouteState>))]
public enum PoolRouteState
{
    /// <summary>Requests queue for the pool's active workers; with none, www asks for one (<see cref="PoolReportKind.Demand"/>).</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Stopped by an administrator or the configuration: 503 at once.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,

    /// <summary>Stopped by rapid-fail protection: 503 at once.</summary>
    [JsonStringEnumMemberName("rapid-failed")] RapidFailed,
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkerRole>))]
public enum WorkerRole
{
    /// <summary>Accepting; www sends its warm-up request (if the pool has one) and reports <see cref="PoolReportKind.Warmed"/>.</summary>
    [JsonStringEnumMemberName("warming")] Warming,

    /// <summary>Takes new requests.</summary>
    [JsonStringEnumMemberName("active")] Active,

    /// <summary>Finishes what it holds and takes nothing new (a recycle's old worker, or one stopping).</summary>
    [JsonStringEnumMemberName("draining")] Draining,

    /// <summary>Frozen for idleness: a request for the pool is a <see cref="PoolReportKind.Demand"/>.</summary>
    [JsonStringEnumMemberName("suspended")] Suspended,
}
