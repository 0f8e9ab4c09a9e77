namespace Wharf.Hosting.Control;

/// <summary>A snapshot of one service for `wharf reset /status`, the API and the console.</summary>
public sealed record ServiceStatus
{
    public required string Name { get; init; }

    /// <summary>See <see cref="ServiceStates"/>.</summary>
    public required string State { get; init; }

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

    /// <summary>For config-applied: <c>applied</c>, <c>restarted</c>, <c>started</c>, <c>stopped</c>, <c>unchanged</c> or <c>failed</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>For an operation result: processes killed at their deadline, and what each still held.</summary>
    public IReadOnlyList<ForcedStop>? Forced { get; init; }

    /// <summary>Listening endpoints the supervisor holds for the service.</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];
}

public static class ServiceStates
{
    public const string Stopped = "Stopped";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Restarting = "Restarting";
    public const string WaitingToRestart = "WaitingToRestart";
    public const string Failed = "Failed";
}
