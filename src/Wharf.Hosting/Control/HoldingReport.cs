using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>
/// What a service process holds: its open connections and requests in progress, each named
/// (client, method, URL, bytes sent, how long). Sent with pong, with stopping and, while the
/// process drains, every second as <c>holding</c>; the supervisor keeps the last one it had, so
/// that a process killed at its deadline (even a hung one) is reported with what it cut.
/// Bounded: at most <see cref="MaxEntries"/> entries, requests first, plus a count of the rest.
/// </summary>
public sealed record HoldingReport
{
    /// <summary>Enough to name what a reset cut on one screen, small enough for every pong.</summary>
    public const int MaxEntries = 16;

    /// <summary>A URL longer than this is cut (with "..."), so that one entry stays one line.</summary>
    public const int MaxUrlLength = 200;

    public long Connections { get; init; }

    public long Requests { get; init; }

    /// <summary>Requests in progress first (oldest first), then idle connections.</summary>
    public IReadOnlyList<HeldEntry> Entries { get; init; } = [];

    /// <summary>Requests and idle connections held but not listed in <see cref="Entries"/>.</summary>
    public long Unlisted { get; init; }

    /// <summary>A service that names nothing: only its count of connections.</summary>
    public static HoldingReport CountOnly(long connections) => new() { Connections = connections, Unlisted = connections };

    /// <summary>
    /// The bounded report: requests in progress first, oldest first, then idle connections, at
    /// most <paramref name="max"/> in all; the rest are counted. Idle connections are enumerated only
    /// as far as they are listed.
    /// </summary>
    /// <param name="requestCount">How many <paramref name="requests"/> there are (counted, not enumerated).</param>
    /// <param name="idleCount">How many <paramref name="idle"/> connections there are.</param>
    public static HoldingReport Create(long connections, long requestCount, IEnumerable<HeldEntry> requests, long idleCount, IEnumerable<HeldEntry> idle, int max = MaxEntries)
    {
        var entries = new List<HeldEntry>(Math.Min(max, 64));
        entries.AddRange(requests.OrderByDescending(e => e.Seconds).Take(max).Select(Trim));
        if (entries.Count < max) entries.AddRange(idle.Take(max - entries.Count).Select(Trim));
        return new HoldingReport
        {
            Connections = connections,
            Requests = requestCount,
            Entries = entries,
            Unlisted = Math.Max(0, requestCount + idleCount - entries.Count),
        };
    }

    private static HeldEntry Trim(HeldEntry e) =>
        e.Url is { Length: > MaxUrlLength } url ? e with { Url = url[..(MaxUrlLength - 3)] + "..." } : e;
}

/// <summary>One request in progress (method and URL set) or one idle connection (neither).</summary>
public sealed record HeldEntry
{
    /// <summary>The client's address and port, <c>127.0.0.1:5555</c> or <c>[::1]:5555</c>.</summary>
    public required string Client { get; init; }

    public string? Method { get; init; }

    /// <summary>Path and query as the client sent them.</summary>
    public string? Url { get; init; }

    /// <summary>Response body bytes handed to the connection so far.</summary>
    public long? BytesSent { get; init; }

    /// <summary>How long the request has run (an idle connection: how long it has been open).</summary>
    public double Seconds { get; init; }

    [JsonIgnore]
    public bool IsRequest => Method is not null;
}
