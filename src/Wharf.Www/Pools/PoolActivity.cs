using System.Collections.Concurrent;

namespace Wharf.Www.Pools;

/// <summary>
/// When each pool was last asked for, shared by the request path (which touches it) and the
/// watchers that decide a pool is idle; a lock-free timestamp per pool, and the requests in flight,
/// so that a pool serving one long request (a WebSocket, a stream of events) is not idle.
/// </summary>
internal sealed class PoolActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StrongBox> _last = new(StringComparer.OrdinalIgnoreCase);

    public void Touch(string pool) =>
        Interlocked.Exchange(ref Box(pool).Ticks, time.GetTimestamp());

    /// <summary>A request for the pool begins: touched, and counted in flight until <see cref="Leave"/>.</summary>
    public void Enter(string pool)
    {
        var box = Box(pool);
        Interlocked.Increment(ref box.InFlight);
        Interlocked.Exchange(ref box.Ticks, time.GetTimestamp());
    }

    /// <summary>The request <see cref="Enter"/> counted has ended; idleness counts from now.</summary>
    public void Leave(string pool)
    {
        var box = Box(pool);
        Interlocked.Exchange(ref box.Ticks, time.GetTimestamp());
        Interlocked.Decrement(ref box.InFlight);
    }

    /// <summary>How long since the pool's last request; null when it has had none since www started.</summary>
    public TimeSpan? SinceLastRequest(string pool) =>
        _last.TryGetValue(pool, out var box) ? time.GetElapsedTime(Interlocked.Read(ref box.Ticks)) : null;

    /// <summary>Requests between <see cref="Enter"/> and <see cref="Leave"/> now.</summary>
    public long InFlight(string pool) =>
        _last.TryGetValue(pool, out var box) ? Interlocked.Read(ref box.InFlight) : 0;

    private StrongBox Box(string pool) => _last.GetOrAdd(pool, _ => new StrongBox());

    private sealed class StrongBox
    {
        public long Ticks;
        public long InFlight;
    }
}
