using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control.Pools;

/// <summary>One pool in a status reply: `wharf apppool list|show`, `wharf reset /status`, the API.</summary>
public sealed record PoolStatus
{
    public required string Name { get; init; }

    public required PoolRouteState State { get; init; }

    /// <summary>False for a pool without a program: www serves its content.</summary>
    public bool HasWorkers { get; init; }

    public string? Message { get; init; }

    /// <summary>Recycles since the supervisor started.</summary>
    public int Recycles { get; init; }

    /// <summary><see cref="Recycles"/> by reason; reasons that never happened are left out.</summary>
    public IReadOnlyList<Metrics.RecycleCount>? RecyclesByReason { get; init; }

    /// <summary>Worker failures inside the rapid-fail window.</summary>
    public int RecentFailures { get; init; }

    /// <summary>Requests waiting in www's queue for the pool (from www's figures).</summary>
    public long? QueueLength { get; init; }

    /// <summary>What the machine lets Wharf do for CPU and memory limits ("cgroup v1: cpu, memory, freezer", or why not).</summary>
    public string? Cgroups { get; init; }

    public IReadOnlyList<WorkerStatus> Workers { get; init; } = [];
}

/// <summary>One worker process: `wharf worker list`.</summary>
public sealed record WorkerStatus
{
    public required string Id { get; init; }
    public required string Pool { get; init; }
    public required int Pid { get; init; }
    public required WorkerState State { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public double? UptimeSeconds { get; init; }

    /// <summary>From www's figures.</summary>
    public long? RequestsServed { get; init; }
    public long? RequestsInFlight { get; init; }

    /// <summary>Resident anonymous memory, bytes.</summary>
    public long? PrivateMemoryBytes { get; init; }

    /// <summary>Percent of one CPU over the last sample.</summary>
    public double? CpuPercent { get; init; }

    /// <summary>CPU time used since the worker started (user and system, its cgroup's or its session's), at the last sample.</summary>
    public double? CpuSeconds { get; init; }

    public string? Endpoint { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkerState>))]
public enum WorkerState
{
    [JsonStringEnumMemberName("starting")] Starting,
    [JsonStringEnumMemberName("warming")] Warming,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("draining")] Draining,
    [JsonStringEnumMemberName("suspended")] Suspended,
    [JsonStringEnumMemberName("orphaned")] Orphaned,
}
