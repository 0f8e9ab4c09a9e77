namespace Wharf.Www.Pools;

/// <summary>
/// Whether any byte of a request went to a worker. A refused connect alone does not prove the
/// request was never sent: the HTTP client retries a request on a new connection when a pooled one
/// closes before the answer, so a worker that died holding the request shows up as a refusal of the
/// retry. Only a request with nothing written may go to another worker; one that was sent is a 502
/// and is named among the requests the worker was serving (it may be what killed it).
/// </summary>
internal sealed class SendAttempt
{
    // HTTP/1.1 writes a request's head from the request's own flow, so the connection's stream sees the request's attempt here.
    private static readonly AsyncLocal<SendAttempt?> Current = new();

    private volatile bool _written;

    public bool Written => _written;

    /// <summary>The attempt that the connections' writes in this flow belong to.</summary>
    public static SendAttempt Begin()
    {
        var attempt = new SendAttempt();
        Current.Value = attempt;
        return attempt;
    }

    /// <summary>Called by a worker connection's stream on every write.</summary>
    public static void MarkWritten()
    {
        if (Current.Value is { _written: false } attempt) attempt._written = true;
    }
}
