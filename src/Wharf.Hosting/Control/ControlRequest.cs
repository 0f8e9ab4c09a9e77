namespace Wharf.Hosting.Control;

/// <summary>
/// A request on the supervisor's <c>run/control.sock</c>: one JSON line. The supervisor answers
/// with zero or more <see cref="ControlReply"/> lines of type <c>progress</c> and one final
/// line of type <c>result</c> (or <c>error</c>).
/// </summary>
public sealed record ControlRequest
{
    /// <summary>See <see cref="Commands"/>.</summary>
    public required string Command { get; init; }

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

    public static class Commands
    {
        public const string Restart = "restart";
        public const string Start = "start";
        public const string Stop = "stop";
        public const string Status = "status";
        public const string Enable = "enable";
        public const string Disable = "disable";
        public const string Reboot = "reboot";

        /// <summary>One service: <c>wharf service start|stop|restart NAME</c>.</summary>
        public const string ServiceStart = "service-start";
        public const string ServiceStop = "service-stop";
        public const string ServiceRestart = "service-restart";

        /// <summary>The admin service committed a configuration version: apply it.</summary>
        public const string ConfigApplied = "config-applied";
    }
}
