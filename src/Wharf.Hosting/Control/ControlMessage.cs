namespace Wharf.Hosting.Control;

/// <summary>One JSON line on the channel between the supervisor and a service process; see <see cref="ControlMessageType"/>.</summary>
public sealed record ControlMessage
{
    public required ControlMessageType Type { get; init; }

    /// <summary>Ping, request and figures sequence number, echoed by the answer.</summary>
    public long? Seq { get; init; }

    /// <summary>For stop: milliseconds the service has to finish what it holds.</summary>
    public long? DeadlineMs { get; init; }

    /// <summary>For reload, applied and failed: the configuration version.</summary>
    public long? Version { get; init; }

    /// <summary>Open connections, reported with pong and stopping.</summary>
    public long? Connections { get; init; }

    /// <summary>With pong, stopping and holding: the connections and requests the process holds, named.</summary>
    public HoldingReport? Holding { get; init; }

    /// <summary>For event: what happened.</summary>
    public EventName? Event { get; init; }

    public string? Detail { get; init; }

    /// <summary>For request: the command, as a client of the control socket would send it.</summary>
    public ControlRequest? Request { get; init; }

    /// <summary>For figures: the service's answer, one JSON object (connections, and whatever else it counts).</summary>
    public System.Text.Json.Nodes.JsonObject? Figures { get; init; }

    /// <summary>With the figures answer: the service's per-site counters (www).</summary>
    public IReadOnlyList<Metrics.SiteFigures>? Sites { get; init; }

    /// <summary>For reply: a progress line or the final answer to the request with the same <see cref="Seq"/>.</summary>
    public ControlReply? Reply { get; init; }

    /// <summary>For workers: every pool that has workers, with its state and workers.</summary>
    public IReadOnlyList<Pools.PoolRoute>? Pools { get; init; }

    /// <summary>For pool-report.</summary>
    public Pools.PoolReport? PoolReport { get; init; }

    /// <summary>For worker-requests: the worker asked about (<see cref="Pools.WorkerRoute.Id"/>).</summary>
    public string? Worker { get; init; }

    /// <summary>For worker-requests' answer: the requests the worker was serving.</summary>
    public IReadOnlyList<Pools.InFlightRequest>? InFlight { get; init; }
}
