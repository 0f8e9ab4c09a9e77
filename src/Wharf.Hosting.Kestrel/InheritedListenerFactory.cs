using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Wharf.Hosting.Kestrel;

/// <summary>
/// Kestrel's transport for Wharf's HTTP services (www, admin): binds only inherited descriptors
/// (<c>ListenHandle</c>), remembers every listener it made, and can stop them all accepting at
/// once, the first step of a graceful drain. Connections are Kestrel's own socket connections
/// (<see cref="SocketConnectionContextFactory"/>), so everything after accept is stock Kestrel.
/// </summary>
public sealed class InheritedListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    private readonly SocketConnectionContextFactory _connections;
    private readonly List<InheritedListener> _listeners = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _acceptStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopping;

    private readonly Action<Socket, ConnectionContext>? _onAccepted;
    private readonly Func<ulong, bool>? _zeroCopyFiles;
    private readonly SocketConnectionContextFactory _zeroCopyConnections;

    /// <param name="onAccepted">Sees each accepted socket beside its connection, to attach what only the socket knows (peer credentials on a Unix socket).</param>
    /// <param name="zeroCopyFiles">
    /// Which inherited descriptors' listeners send file bodies by sendfile
    /// (<see cref="ZeroCopy.ZeroCopyConnection"/>): their output pipe pauses its writer at one byte,
    /// so every flush Kestrel awaits returns only once its bytes are in the socket, and a body sent
    /// around the pipe never overtakes them. Only those: on the others (TLS) the pause would cost
    /// throughput for nothing, HTTP/2's most (a round of flow control per flush).
    /// </param>
    public InheritedListenerFactory(ILoggerFactory loggerFactory, Action<Socket, ConnectionContext>? onAccepted = null, Func<ulong, bool>? zeroCopyFiles = null)
    {
        _onAccepted = onAccepted;
        _zeroCopyFiles = zeroCopyFiles;
        var transportLog = loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets");
        _connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), transportLog);
        _zeroCopyConnections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions { MaxWriteBufferSize = 1 }, transportLog);
    }

    /// <summary>Completes once no listener of this process accepts any more.</summary>
    public Task AcceptStopped => _acceptStopped.Task;

    public bool CanBind(EndPoint endpoint) => endpoint is FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not FileHandleEndPoint inherited)
            throw new NotSupportedException($"Wharf services listen only on inherited sockets, not on {endpoint}");

        var socket = new Socket(new SafeSocketHandle((nint)inherited.FileHandle, ownsHandle: true));
        var connections = _zeroCopyFiles?.Invoke(inherited.FileHandle) == true ? _zeroCopyConnections : _connections;
        var listener = new InheritedListener(socket, connections, _onAccepted);
        lock (_lock)
        {
            if (_stopping) throw new InvalidOperationException("The service is stopping; it binds no more listeners");
            _listeners.Add(listener);
        }
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    public async Task StopAcceptingAsync()
    {
        InheritedListener[] listeners;
        lock (_lock)
        {
            _stopping = true;
            listeners = [.. _listeners];
        }
        try
        {
            await Task.WhenAll(listeners.Select(l => l.UnbindAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            _acceptStopped.TrySetResult();
        }
    }

    public void Dispose()
    {
        _connections.Dispose();
        _zeroCopyConnections.Dispose();
    }
}
