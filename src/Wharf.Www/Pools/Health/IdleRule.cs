namespace Wharf.Www.Pools.Health;

/// <summary>
/// When one pool is idle (IIS's idleTimeout): it has active workers and no request came for the
/// timeout, counted from its last request (its end, where the request path says so, and not at
/// all while one is in flight), or, when it has had none, from when its workers appeared. Said once; not again until a request came after that and the pool went idle again,
/// so that an alwaysRunning pool whose workers are replaced at once is not stopped over and over.
/// </summary>
internal sealed class IdleRule(TimeProvider time)
{
    private long? _activeSince;
    private long? _reportedAt;

    /// <summary>True when the pool is to be reported idle now.</summary>
    /// <param name="sinceLastRequest">From <see cref="PoolActivity.SinceLastRequest"/>: null when the pool has had no request.</param>
    public bool Check(bool hasActiveWorkers, TimeSpan? sinceLastRequest, TimeSpan idleTimeout)
    {
        if (_reportedAt is { } reportedAt && sinceLastRequest is { } since && since < time.GetElapsedTime(reportedAt))
            _reportedAt = null;

        if (!hasActiveWorkers || idleTimeout <= TimeSpan.Zero)
        {
            _activeSince = null;
            return false;
        }
        _activeSince ??= time.GetTimestamp();
        if (_reportedAt is not null) return false;

        var idleFor = sinceLastRequest ?? time.GetElapsedTime(_activeSince.Value);
        if (idleFor < idleTimeout) return false;
        _reportedAt = time.GetTimestamp();
        return true;
    }
}
