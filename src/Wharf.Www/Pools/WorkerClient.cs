using System.Net;
using System.Net.Sockets;

namespace Wharf.Www.Pools;

/// <summary>
/// The HTTP client of one worker: its own connection pool (keep-alive) to the worker's Unix socket
/// or loopback port, and nothing a browser-like client would add: no proxy, no redirects, no
/// cookies, no decompression, no trace headers. Requests go out as the client sent them.
/// </summary>
internal static class WorkerClient
{
    private const string UnixPrefix = "unix:";

    /// <summary>A worker that accepts is on the same machine: a connect that takes longer is a worker that cannot.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static EndPoint ParseEndpoint(string endpoint) =>
        endpoint.StartsWith(UnixPrefix, StringComparison.Ordinal)
            ? new UnixDomainSocketEndPoint(endpoint[UnixPrefix.Length..])
            : IPEndPoint.Parse(endpoint);

    /// <summary>What the request URI starts with; the Host header is the client's, not this.</summary>
    public static string DestinationPrefix(EndPoint endpoint) =>
        endpoint is IPEndPoint ip ? "http://" + ip + "/" : "http://localhost/";

    public static HttpMessageInvoker Create(EndPoint endpoint) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = ConnectTimeout,
        // A worker's keep-alive connections are reused for as long as it keeps them; Kestrel closes idle ones at 130 s.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(endpoint, cancellationToken),
    }, disposeHandler: true);

    private static async ValueTask<Stream> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken) =>
        new WorkerConnectionStream(new NetworkStream(await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false), ownsSocket: true));

    /// <summary>A connected socket to the worker, for YARP's client and the fast path alike; <see cref="WorkerUnreachableException"/> when it refuses.</summary>
    public static async ValueTask<Socket> ConnectSocketAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            // Refused, or the socket file is gone: the worker is not there, and nothing was sent.
            throw new WorkerUnreachableException(endpoint, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The worker's socket did not accept the connection: the request was not sent and may go to another worker.</summary>
internal sealed class WorkerUnreachableException(EndPoint endpoint, SocketException inner)
    : IOException($"worker at {endpoint} did not accept the connection ({inner.SocketErrorCode})", inner)
{
    /// <summary>Whether <paramref name="e"/>, or what it wraps, says the connection was never made.</summary>
    public static bool IsIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is WorkerUnreachableException) return true;
        return false;
    }
}
