namespace Wharf.Hosting.Control.Pools;

/// <summary>
/// A request a worker was serving, as www saw it: what a crash or kill event names. www answers a
/// <see cref="ControlMessageType.WorkerRequests"/> query with those in flight on the worker, and
/// those cut by its end in the last seconds (a crash fails them before the supervisor asks).
/// </summary>
public sealed record InFlightRequest
{
    public required string Method { get; init; }

    /// <summary>Path and query, bounded in length.</summary>
    public required string Url { get; init; }

    public required long ElapsedMs { get; init; }

    /// <summary>The client's address and port.</summary>
    public required string Client { get; init; }
}
