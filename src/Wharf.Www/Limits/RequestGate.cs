namespace Wharf.Www.Limits;

/// <summary>
/// A site's requests in progress against its maxConnections. IIS counts connections; with
/// keep-alive and HTTP/2 a connection is not tied to one site, so Wharf counts what IIS's limit
/// is for: concurrent requests (beyond it, 503.2, as IIS's "concurrent request limit exceeded").
/// The count lives as long as the site's id, so requests that began under an older configuration
/// still count and still leave.
/// </summary>
internal sealed class RequestGate
{
    private long _inProgress;
    private long _limit = long.MaxValue;

    public long InProgress => Interlocked.Read(ref _inProgress);

    public long? Limit
    {
        get => Interlocked.Read(ref _limit) is var limit && limit == long.MaxValue ? null : limit;
        set => Interlocked.Exchange(ref _limit, value ?? long.MaxValue);
    }

    /// <summary>Counts the request in, or refuses it at once (nothing waits).</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inProgress) <= Interlocked.Read(ref _limit)) return true;
        Interlocked.Decrement(ref _inProgress);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inProgress);
}
