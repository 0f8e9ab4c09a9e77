namespace Wharf.Hosting.Control;

/// <summary>One JSON line from the supervisor to a control client.</summary>
public sealed record ControlReply
{
    public required ControlReplyType Type { get; init; }

    /// <summary>For result: whether everything asked for happened.</summary>
    public bool Ok { get; init; }

    /// <summary>
    /// For result: true when it succeeded only by killing a process at its deadline (each
    /// service's <see cref="ServiceStatus.Forced"/> says which and what it cut); the CLI exits
    /// with <see cref="ExitCodes.Forced"/>.
    /// </summary>
    public bool? Forced { get; init; }

    /// <summary>Plain words for a person: what is happening, what failed and why.</summary>
    public string? Message { get; init; }

    /// <summary>For progress: the service concerned.</summary>
    public string? Service { get; init; }

    /// <summary>For progress: seconds left until the deadline.</summary>
    public double? SecondsLeft { get; init; }

    /// <summary>For result: one entry per service.</summary>
    public IReadOnlyList<ServiceStatus>? Services { get; init; }

    /// <summary>For status: whether resets are disabled (/disable).</summary>
    public bool? ResetDisabled { get; init; }

    /// <summary>For status: the most recent lines of the event log, oldest first.</summary>
    public IReadOnlyList<EventRecord>? Events { get; init; }

    /// <summary>For figures: one JSON object per service, by name.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject>? Figures { get; init; }

    /// <summary>For figures: each answering service's per-site counters, by service name (services that count none are left out).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Metrics.SiteFigures>>? Sites { get; init; }

    /// <summary>For status and config-applied: the configuration version the host runs on.</summary>
    public long? ConfigVersion { get; init; }

    /// <summary>
    /// For status: the newest version committed in the configuration store, read from the disk at
    /// status time; above <see cref="ConfigVersion"/> when a committed version is not running yet.
    /// </summary>
    public long? CommittedVersion { get; init; }

    /// <summary>For status: what is wrong with the configuration file, when the host runs on an older version (fallback at start, an invalid edit).</summary>
    public string? ConfigNote { get; init; }

    /// <summary>For end-now: the draining processes it ended ("www pid 123", a pool's worker); empty when nothing was draining.</summary>
    public IReadOnlyList<string>? Ended { get; init; }

    /// <summary>For status and apppool-*: every application pool, with its workers.</summary>
    public IReadOnlyList<Pools.PoolStatus>? Pools { get; init; }
}
