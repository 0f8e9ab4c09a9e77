using System.Collections.Concurrent;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// The lane's clock, as Kestrel's heartbeat is its own: once a second it looks at every lane
/// connection's deadline, so that a request costs a field write rather than a timer. A client that
/// opens connections and sends nothing, or sends a head slowly, or reads no response, is cut as
/// Kestrel would cut it.
/// </summary>
internal sealed class LaneWatch : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<LaneConnection, byte> _connections = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public LaneWatch(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((LaneWatch)state!).Tick(), this, Interval, Interval);
    }

    public long Now => _time.GetTimestamp();

    public long After(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span == TimeSpan.MaxValue
        ? long.MaxValue
        : _time.GetTimestamp() + (long)(span.TotalSeconds * _time.TimestampFrequency);

    public void Add(LaneConnection connection) => _connections.TryAdd(connection, 0);

    public void Remove(LaneConnection connection) => _connections.TryRemove(connection, out _);

    private void Tick()
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _connections.Keys) connection.Check(now);
    }

    public void Dispose() => _timer.Dispose();
}
