using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Wharf.Hosting.Kestrel;

/// <summary>
/// Kestrel's accept loop over a listening socket this process inherited and shares with the
/// supervisor and, during an overlapped restart, with the service's next process.
/// Unbinding cancels the pending accept first and only then closes this process's descriptor.
/// Kestrel's own socket listener disposes its socket with the accept still pending; should that
/// land while a thread is inside accept(2), .NET "unblocks" it (SafeSocketHandle.TryUnblockSocket)
/// with connect(AF_UNSPEC) on any close-on-exec descriptor (ours are: ServiceHost marks them),
/// and on Linux that takes the socket out of the listening state for every process holding it.
/// With no operation in flight the close is a plain close(2) of our copy: the socket, its
/// backlog and its options stay as they are for the others.
/// </summary>
public sealed class InheritedListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly SocketConnectionContextFactory _connections;
    private readonly CancellationTokenSource _unbind = new();
    // Held while an accept is in flight, so that the socket is closed only once it has ended.
    private readonly SemaphoreSlim _accepting = new(1, 1);
    private readonly Action<Socket, ConnectionContext>? _onAccepted;
    private bool _closed;

    public InheritedListener(Socket socket, SocketConnectionContextFactory connections, Action<Socket, ConnectionContext>? onAccepted = null)
    {
        _socket = socket;
        _connections = connections;
        _onAccepted = onAccepted;
        EndPoint = socket.LocalEndPoint ?? new IPEndPoint(IPAddress.None, 0);
    }

    public EndPoint EndPoint { get; }

    public bool IsUnbound => _unbind.IsCancellationRequested;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        await _accepting.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            while (!_unbind.IsCancellationRequested)
            {
                Socket accepted;
                try
                {
                    accepted = await _socket.AcceptAsync(_unbind.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
                {
                    break;
                }
                catch (SocketException)
                {
                    // Reset while in the backlog, as Kestrel's own listener treats it: take the next one.
                    continue;
                }

                // As Kestrel's socket transport does by default for TCP: responses are written whole.
                if (accepted.ProtocolType == ProtocolType.Tcp) accepted.NoDelay = true;
                var connection = _connections.Create(accepted);
                _onAccepted?.Invoke(accepted, connection);
                return connection;
            }
            // Null tells Kestrel's accept loop that listening is over; it ends without an error.
            return null;
        }
        finally
        {
            _accepting.Release();
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbind.Cancel();
        await _accepting.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            _socket.Dispose();
        }
        finally
        {
            _accepting.Release();
        }
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
