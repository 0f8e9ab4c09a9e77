using System.Net;

namespace Wharf.Www.Logging;

/// <summary>
/// One finished request as the request path hands it to the log writer: references and numbers
/// only, so making one costs no formatting; the background writer does that.
/// </summary>
internal readonly record struct W3cLogEntry
{
    public required SiteLog Log { get; init; }

    /// <summary>
    /// The log's settings when the request finished, so a request that finished before a
    /// configuration change is written as the log was then; null takes the current ones.
    /// </summary>
    public SiteLogSettings? Settings { get; init; }

    /// <summary>When the request finished, UTC (IIS writes the entry at send completion).</summary>
    public required DateTime Time { get; init; }

    public IPAddress? ServerIp { get; init; }
    public int ServerPort { get; init; }
    public IPAddress? ClientIp { get; init; }
    public string? Method { get; init; }
    public string? UriStem { get; init; }

    /// <summary>As ASP.NET Core holds it, with the leading '?' (the writer leaves it out).</summary>
    public string? UriQuery { get; init; }

    /// <summary>Null for an anonymous request (written '-').</summary>
    public string? UserName { get; init; }

    public string? UserAgent { get; init; }
    public string? Referer { get; init; }
    public string? Cookie { get; init; }
    public string? Host { get; init; }

    /// <summary>The request's protocol as Kestrel names it ("HTTP/1.1").</summary>
    public string? Protocol { get; init; }

    public int Status { get; init; }
    public int SubStatus { get; init; }
    public int Win32Status { get; init; }
    public long TimeTakenMs { get; init; }

    /// <summary>-1 when not counted.</summary>
    public long BytesSent { get; init; }

    /// <summary>-1 when not counted.</summary>
    public long BytesReceived { get; init; }
}
