namespace Wharf.Hosting.Control;

/// <summary>A snapshot of one service for `wharf reset /status`, the API and the console.</summary>
public sealed record ServiceStatus
{
    public required string Name { get; init; }

    public required ServiceState State { get; init; }

    public int? Pid { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public double? UptimeSeconds { get; init; }

    /// <summary>Restarts since the supervisor started (resets, recoveries, reloads that needed one).</summary>
    public int Restarts { get; init; }

    public long? Connections { get; init; }

    /// <summary>What the last operation on this service did, or why it is failed.</summary>
    public string? Message { get; init; }

    /// <summary>For an operation result: whether this service did what was asked.</summary>
    public bool Ok { get; init; } = true;

    /// <summary>For config-applied: what applying the version did to this service.</summary>
    public ApplyOutcome? Outcome { get; init; }

    /// <summary>For an operation result: processes killed at their deadline, and what each still held.</summary>
    public IReadOnlyList<ForcedStop>? Forced { get; init; }

    /// <summary>Listening endpoints the supervisor holds for the service.</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];
}
