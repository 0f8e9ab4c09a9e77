using System.Net.Http.Headers;
using System.Net.Sockets;
using Wharf.Cli.Control;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Admin;

/// <summary>
/// HTTP/1.1 to the admin service over <c>run/admin.sock</c>. Never throws for a failure to reach
/// it: those come back as an <see cref="AdminCall"/> that says why in plain words.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private readonly DataRoot _root;
    private readonly HttpClient _http;
    // --computer: the same requests over HTTPS to that host's admin endpoint instead of run/admin.sock.
    private readonly Remote.RemoteConnection? _remote;

    public AdminClient(DataRoot root)
    {
        _root = root;
        if (Remote.RemoteTarget.Current is { } target) _remote = new Remote.RemoteConnection(target);
        var socketPath = root.AdminSocket;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        // Each request carries its own limit (AdminRequest.Limit) so a change may take longer than a read.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://wharf/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<AdminCall> SendAsync(AdminRequest request, CancellationToken cancellationToken)
    {
        if (_remote is null && _root.CheckSocketPaths() is { } tooLong) return AdminCall.Unanswered(tooLong, ExitCodes.Usage);

        using var message = new HttpRequestMessage(request.Method, request.Target);
        if (request.Body is { } body)
            message.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        if (request.IfMatch is { } version)
            message.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(request.Limit);
        try
        {
            if (_remote is not null) return await _remote.SendAsync(message, limit.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(message, limit.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false);
            // Read raw: a server writing ETag: 7 without quotes still names the version.
            var etag = response.Headers.TryGetValues("ETag", out var tags) ? tags.FirstOrDefault() : null;
            return AdminCall.Answered(new AdminReply((int)response.StatusCode, etag, text));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AdminCall.Unanswered(
                request.IsChange
                    ? "interrupted; the change may still be committed (see `wharf config status`)"
                    : "interrupted",
                ControlCommandRunner.Interrupted);
        }
        catch (OperationCanceledException)
        {
            return AdminCall.Unanswered(
                $"the admin service is not answering on {(_remote is null ? _root.AdminSocket : _remote.Target.Name)}: nothing for {request.Limit.TotalSeconds:0} s"
                + (request.IsChange ? "; the change may still be committed (see `wharf config status`)" : ""),
                ExitCodes.NotRunning);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return AdminFailures.Unreachable(_root, FindSocketError(e), e);
        }
        catch (HttpRequestException e)
        {
            return AdminCall.Unanswered(
                $"the admin service closed the connection before answering ({e.Message})"
                + (request.IsChange ? "; the change may or may not be committed (see `wharf config status`)" : ""),
                ExitCodes.Failed);
        }
    }

    private static SocketException? FindSocketError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SocketException socket) return socket;
        return null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _remote?.Dispose();
    }
}
