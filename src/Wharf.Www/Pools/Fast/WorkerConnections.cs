using System.Net;
using System.Net.Sockets;

namespace Wharf.Www.Pools.Fast;

/// <summary>
/// A worker's idle keep-alive connections for the fast path. The most recently used goes out first,
/// so under a steady load the same few stay warm and the rest age out: one idle longer than
/// <see cref="IdleTimeout"/> (shorter than Kestrel's 130 s, so www closes first and never writes
/// into a connection the worker is closing) is closed when next seen, and a TCP connection is
/// checked for a close from the worker before it is used again.
/// </summary>
internal sealed class WorkerConnections(EndPoint endpoint, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>More idle than this is more than any load left behind: the rest are closed.</summary>
    public const int MaxIdle = 1024;

    // A send on a Unix socket whose worker closed it fails at once (EPIPE), and such a request may go
    // to another worker; over TCP the send succeeds and only the answer fails, so the check first.
    private readonly bool _unix = endpoint is UnixDomainSocketEndPoint;
    private readonly Lock _lock = new();
    // The oldest first; taken from and returned to the end.
    private readonly List<WorkerConnection> _idle = [];
    private bool _disposed;

    /// <summary>An idle connection that is still open, else a new one (<see cref="WorkerUnreachableException"/> when the worker refuses it).</summary>
    public ValueTask<WorkerConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            WorkerConnection? connection = null;
            lock (_lock)
            {
                if (_idle.Count > 0)
                {
                    connection = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                }
            }
            if (connection is null) break;
            if (time.GetElapsedTime(connection.IdleSince) < IdleTimeout && (_unix || connection.StillOpen())) return new(connection);
            connection.Dispose();
        }
        return WorkerConnection.ConnectAsync(endpoint, cancellationToken);
    }

    /// <summary>A connection whose response was read whole and that the worker keeps open.</summary>
    public void Return(WorkerConnection connection)
    {
        var now = time.GetTimestamp();
        connection.IdleSince = now;
        WorkerConnection? expired = null;
        lock (_lock)
        {
            if (_disposed || _idle.Count >= MaxIdle)
            {
                expired = connection;
            }
            else
            {
                _idle.Add(connection);
                // At most one aged connection is closed per return: the cost stays flat.
                if (_idle.Count > 1 && time.GetElapsedTime(_idle[0].IdleSince, now) >= IdleTimeout)
                {
                    expired = _idle[0];
                    _idle.RemoveAt(0);
                }
            }
        }
        expired?.Dispose();
    }

    public void Dispose()
    {
        WorkerConnection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle) connection.Dispose();
    }
}
