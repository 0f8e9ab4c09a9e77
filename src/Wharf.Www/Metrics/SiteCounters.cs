using Microsoft.AspNetCore.Http;
using Wharf.Hosting.Control.Metrics;

namespace Wharf.Www.Metrics;

/// <summary>
/// One site's counters for the metrics, kept with its <see cref="Routing.SiteRuntime"/> across
/// configuration versions: requests by status code and body bytes each way. A request costs
/// three interlocked adds and no allocation; the figures are read only when the supervisor asks.
/// </summary>
internal sealed class SiteCounters
{
    // Kestrel accepts any status code from 100 to 999; one slot each, so counting never looks anything up.
    private const int FirstStatus = 100;
    private readonly long[] _statuses = new long[900];
    private long _bytesSent;
    private long _bytesReceived;

    /// <summary>The site's name as the configuration says it now (a rename keeps the counters: they follow the id).</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// A request is done. The bytes are the bodies: what the response's metered body counted when
    /// the site has one (bandwidth limit, W3C sc-bytes), else its Content-Length; the request's Content-Length.
    /// </summary>
    public void Count(HttpContext context, bool failed, long? meteredBytes)
    {
        var response = context.Response;
        // What the client will see: an exception before the response started becomes Kestrel's 500 (as the W3C log says).
        var status = failed && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;
        var slot = status - FirstStatus;
        if ((uint)slot < (uint)_statuses.Length) Interlocked.Increment(ref _statuses[slot]);
        // A HEAD's Content-Length announces a body that is not sent.
        var sent = HttpMethods.IsHead(context.Request.Method) ? 0 : meteredBytes ?? response.ContentLength ?? 0;
        if (sent > 0) Interlocked.Add(ref _bytesSent, sent);
        if (context.Request.ContentLength is > 0 and var received) Interlocked.Add(ref _bytesReceived, received);
    }

    /// <summary>A request www's forwarding lane carried (Pools/Lane): its status, and the bytes it wrote (head included) and read.</summary>
    public void Count(int status, long sent, long received)
    {
        var slot = status - FirstStatus;
        if ((uint)slot < (uint)_statuses.Length) Interlocked.Increment(ref _statuses[slot]);
        if (sent > 0) Interlocked.Add(ref _bytesSent, sent);
        if (received > 0) Interlocked.Add(ref _bytesReceived, received);
    }

    public SiteFigures Figures()
    {
        var statuses = new List<StatusCount>();
        for (var i = 0; i < _statuses.Length; i++)
            if (Interlocked.Read(ref _statuses[i]) is > 0 and var count) statuses.Add(new StatusCount(i + FirstStatus, count));
        return new SiteFigures
        {
            Site = Name,
            Statuses = statuses,
            BytesSent = Interlocked.Read(ref _bytesSent),
            BytesReceived = Interlocked.Read(ref _bytesReceived),
        };
    }
}
