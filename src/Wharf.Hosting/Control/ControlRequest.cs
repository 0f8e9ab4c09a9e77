namespace Wharf.Hosting.Control;

/// <summary>
/// A request on the supervisor's <c>run/control.sock</c>: one JSON line. The supervisor answers
/// with zero or more <see cref="ControlReply"/> lines of type <c>progress</c> and one final
/// line of type <c>result</c> (or <c>error</c>).
/// </summary>
public sealed record ControlRequest
{
    public required ControlCommand Command { get; init; }

    /// <summary>For service-level commands: the service name; null means every service.</summary>
    public string? Service { get; init; }

    /// <summary>Deadline for old processes to stop, in seconds; null takes the IIS default (20 s restart, 60 s stop).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>False for /noforce: a process still running at the deadline is left to finish and the command fails.</summary>
    public bool Force { get; init; } = true;

    /// <summary>/rebootonerror: re-execute the supervisor if the command failed.</summary>
    public bool RebootOnError { get; init; }

    /// <summary>For config-applied: the version the admin service committed.</summary>
    public long? Version { get; init; }

    /// <summary>For apppool-*: the pool's name.</summary>
    public string? Pool { get; init; }
}
