namespace Wharf.Hosting.Control.Metrics;

/// <summary>
/// One site's counters, as a service process (www) answers the supervisor's <c>figures</c>: since
/// that process started, so they go back to zero when it restarts (a reset, not a negative rate).
/// </summary>
public sealed record SiteFigures
{
    public required string Site { get; init; }

    /// <summary>Requests answered, by status code; codes never answered are left out.</summary>
    public IReadOnlyList<StatusCount> Statuses { get; init; } = [];

    /// <summary>Response body bytes (docs/metrics.md says how they are counted).</summary>
    public long BytesSent { get; init; }

    /// <summary>Request body bytes (Content-Length).</summary>
    public long BytesReceived { get; init; }
}

public sealed record StatusCount(int Status, long Count);
