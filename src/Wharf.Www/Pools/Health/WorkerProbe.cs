using System.Net;
using System.Net.Sockets;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// GET requests straight to one worker's endpoint, for health and warm-up: a small client of its
/// own, apart from the forwarder, so that a probe never waits behind the pool's queue nor counts
/// as the pool's traffic. One per worker, so that connections are never shared between workers.
/// </summary>
internal sealed class WorkerProbe : IDisposable
{
    public const string UserAgent = "Wharf-Health/1";

    // The authority is never dialled (ConnectCallback goes to the worker); Host is set per request.
    private static readonly Uri Base = new("http://worker/");

    private readonly TimeProvider _time;
    private readonly HttpClient _client;

    public WorkerProbe(EndPoint endpoint, TimeProvider time)
    {
        _time = time;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Probes are seconds apart: keep one connection warm between them, no more.
            MaxConnectionsPerServer = 2,
            ConnectCallback = (_, cancellationToken) => ConnectAsync(endpoint, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// GET <paramref name="path"/> with <paramref name="host"/> as Host; the answer is its status line,
    /// or why there was none within <paramref name="limit"/>. Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<ProbeResult> GetAsync(string host, string path, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(Base, path, out var uri) || uri.Authority != Base.Authority)
            return ProbeResult.Failed($"{path} is not a path");

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!request.Headers.TryAddWithoutValidation("Host", host)) request.Headers.Host = "localhost";
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return ProbeResult.Answered((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.NoAnswer;
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Classify(e);
        }
    }

    private static ProbeResult Classify(HttpRequestException e)
    {
        if (e.InnerException is SocketException socket)
        {
            // A unix socket whose file is not there yet is "not listening yet", as a refused port is.
            return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable
                ? ProbeResult.Refused
                : ProbeResult.Failed($"connection failed ({socket.SocketErrorCode})");
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => ProbeResult.Failed("the connection closed without an answer"),
            HttpRequestError.InvalidResponse => ProbeResult.Failed("the answer was not HTTP"),
            _ => ProbeResult.Failed(e.InnerException?.Message ?? e.Message),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var protocol = endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            if (protocol == ProtocolType.Tcp) socket.NoDelay = true;
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
