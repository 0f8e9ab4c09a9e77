namespace Wharf.Hosting.Control;

/// <summary>One line of <c>logs/events.log</c>, written by the supervisor alone.</summary>
public sealed record EventRecord
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>The service concerned, or <c>supervisor</c>.</summary>
    public required string Service { get; init; }

    public required EventName Event { get; init; }

    public int? Pid { get; init; }
    public int? ExitCode { get; init; }
    public string? Signal { get; init; }
    public long? Connections { get; init; }
    public string? Message { get; init; }
}
