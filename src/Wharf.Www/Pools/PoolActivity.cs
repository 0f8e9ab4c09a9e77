using System.Collections.Concurrent;

namespace Wharf.Www.Pools;

/// <summary>
/// When each pool was last asked for, shared by the request path (which touches it) and the
/// watchers that decide a pool is idle; a lock-free timestamp per pool.
/// </summary>
internal sealed class PoolActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StrongBox> _last = new(StringComparer.OrdinalIgnoreCase);

    public void Touch(string pool) =>
        Interlocked.Exchange(ref _last.GetOrAdd(pool, _ => new StrongBox()).Ticks, time.GetTimestamp());

    /// <summary>How long since the pool's last request; null when it has had none since www started.</summary>
    public TimeSpan? SinceLastRequest(string pool) =>
        _last.TryGetValue(pool, out var box) ? time.GetElapsedTime(Interlocked.Read(ref box.Ticks)) : null;

    private sealed class StrongBox
    {
        public long Ticks;
    }
}
