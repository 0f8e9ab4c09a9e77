namespace Wharf.Www.Pools.Fast;

/// <summary>How a worker's response body is delimited (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    /// <summary>No body: a HEAD request, 204 or 304.</summary>
    None,
    ContentLength,
    Chunked,
    /// <summary>Neither length nor chunked: the body ends when the worker closes the connection.</summary>
    UntilClose,
}

/// <summary>A worker's response head as the fast path keeps it: the end-to-end headers in order, and what framing and reuse need.</summary>
internal sealed class ResponseHead
{
    public int Status { get; set; }

    /// <summary>End-to-end headers only: hop-by-hop ones, those the Connection header names, Date and Server are left out.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public BodyFraming Framing { get; set; }

    /// <summary>The body's length: with <see cref="BodyFraming.ContentLength"/>, and on an answer to HEAD that gave one; else -1.</summary>
    public long ContentLength { get; set; } = -1;

    /// <summary>Whether the connection may carry another request once this body is read.</summary>
    public bool KeepAlive { get; set; }

    public void Clear()
    {
        Status = 0;
        Headers.Clear();
        Framing = BodyFraming.None;
        ContentLength = -1;
        KeepAlive = false;
    }
}
