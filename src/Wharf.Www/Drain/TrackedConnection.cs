using System.Net;
using Wharf.Hosting.Control;

namespace Wharf.Www.Drain;

/// <summary>One open connection, for a drain's report: its client and its requests in progress (one on HTTP/1.x, several on HTTP/2).</summary>
internal sealed class TrackedConnection(EndPoint? remote, long openedAt)
{
    // Its key in the connection's items, where requests find it.
    public const string ItemKey = "wharf.tracked-connection";

    private readonly List<RequestInProgress> _requests = new(1);

    private string? _client;

    // Made on the first report only: most connections are never reported.
    public string Client => _client ??= remote switch
    {
        null => "unknown",
        _ => remote.ToString() ?? "unknown",
    };

    public long OpenedAt { get; } = openedAt;

    public void Begin(RequestInProgress request)
    {
        lock (_requests) _requests.Add(request);
    }

    public void End(RequestInProgress request)
    {
        lock (_requests) _requests.Remove(request);
    }

    /// <summary>Its requests in progress, described; empty when the connection is idle.</summary>
    public HeldEntry[] Requests(TimeProvider time)
    {
        lock (_requests)
        {
            if (_requests.Count == 0) return [];
            var entries = new HeldEntry[_requests.Count];
            for (var i = 0; i < entries.Length; i++) entries[i] = _requests[i].Describe(Client, time);
            return entries;
        }
    }

    public HeldEntry Idle(TimeProvider time) => new()
    {
        Client = Client,
        Seconds = Math.Round(time.GetElapsedTime(OpenedAt).TotalSeconds, 1),
    };
}
