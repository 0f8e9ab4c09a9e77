namespace Wharf.Hosting.Control;

/// <summary>
/// One JSON line on the channel between the supervisor and a service process.
/// Supervisor to service: <c>ping</c>, <c>stop</c>, <c>reload</c>.
/// Service to supervisor: <c>ready</c>, <c>pong</c>, <c>event</c>, <c>applied</c>, <c>failed</c>, <c>stopping</c>,
/// <c>holding</c> (what a draining process still holds, every second),
/// and <c>request</c> (a control command from a service, today the admin service's <c>config-applied</c>),
/// answered by the supervisor's <c>reply</c> with the same <c>seq</c>.
/// </summary>
public sealed record ControlMessage
{
    public required string Type { get; init; }

    /// <summary>Ping sequence number, echoed by pong.</summary>
    public long? Seq { get; init; }

    /// <summary>For stop: milliseconds the service has to finish what it holds.</summary>
    public long? DeadlineMs { get; init; }

    /// <summary>For reload, applied and failed: the configuration version.</summary>
    public long? Version { get; init; }

    /// <summary>Open connections, reported with pong and stopping.</summary>
    public long? Connections { get; init; }

    /// <summary>With pong, stopping and holding: the connections and requests the process holds, named.</summary>
    public HoldingReport? Holding { get; init; }

    /// <summary>For event: a short lower-case name (<c>draining</c>, <c>config-applied</c>, ...).</summary>
    public string? Event { get; init; }

    public string? Detail { get; init; }

    /// <summary>For request: the command, as a client of the control socket would send it.</summary>
    public ControlRequest? Request { get; init; }

    /// <summary>For reply: the final answer to the request with the same <see cref="Seq"/>.</summary>
    public ControlReply? Reply { get; init; }

    public static class Types
    {
        public const string Ping = "ping";
        public const string Pong = "pong";
        public const string Stop = "stop";
        public const string Reload = "reload";
        public const string Ready = "ready";
        public const string Event = "event";
        public const string Applied = "applied";
        public const string Failed = "failed";
        public const string Stopping = "stopping";
        public const string Holding = "holding";
        public const string Request = "request";
        public const string Reply = "reply";
    }
}
