using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Hosting;

namespace Wharf.Cli.Remote;

/// <summary>
/// HTTPS to a remote host's admin endpoint: the certificate checked by <see cref="ServerTrust"/>,
/// every request carrying the token (<c>--token-file</c>, <c>WHARF_TOKEN</c>) or, without one, the
/// session of a login asked for on the terminal (its cookie, and its CSRF token on a change).
/// </summary>
internal sealed class RemoteConnection : IDisposable
{
    private readonly RemoteTarget _target;
    private readonly ServerTrust _trust;
    private readonly HttpClient _http;
    private string? _token;
    private (string Cookie, string Csrf)? _session;

    public RemoteConnection(RemoteTarget target)
    {
        _target = target;
        _trust = new ServerTrust(target);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    _trust.Check(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2, chain, errors),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = target.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public RemoteTarget Target => _target;

    /// <summary>Null when a credential is at hand; else why not, and the exit code.</summary>
    public async Task<AdminCall?> AuthenticateAsync(CancellationToken cancellationToken)
    {
        if (_token is not null || _session is not null) return null;
        var console = _target.Console;
        if (_target.TokenFile is { } file)
        {
            try
            {
                _token = File.ReadLines(file).FirstOrDefault()?.Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return AdminCall.Unanswered($"cannot read the token file {file}: {e.Message}", ExitCodes.Usage);
            }
            return string.IsNullOrEmpty(_token) ? AdminCall.Unanswered($"the token file {file} is empty", ExitCodes.Usage) : null;
        }
        if (console.Environment(RemoteTarget.TokenVariable) is { Length: > 0 } token)
        {
            _token = token.Trim();
            return null;
        }
        if (!console.InputIsTerminal)
            return AdminCall.Unanswered($"no credentials for {_target.Name}: give --token-file FILE or set {RemoteTarget.TokenVariable} (`wharf admin token add NAME --role admin` on that host makes one)", ExitCodes.Usage);

        console.Error.Write($"User for {_target.Name}: ");
        var user = console.In.ReadLine()?.Trim() ?? "";
        var password = PasswordPrompt.Ask("Password: ", console);
        using var login = new HttpRequestMessage(HttpMethod.Post, "api/session")
        {
            Content = new StringContent(new JsonObject { ["user"] = user, ["password"] = password }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var call = await SendRawAsync(login, cancellationToken).ConfigureAwait(false);
        if (call.Reply is not { } reply) return call;
        if (!reply.IsSuccess) return AdminCall.Unanswered($"{_target.Name}: {AdminFailures.ErrorAnswer.Read(reply).Message}", ExitCodes.AccessDenied);
        _session = (reply.SetCookie?.Split(';')[0] ?? "", (string?)reply.Json()?["csrf"] ?? "");
        return null;
    }

    public async Task<AdminCall> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(cancellationToken).ConfigureAwait(false) is { } failure) return failure;
        if (_token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        else if (_session is { } session)
        {
            message.Headers.Add("Cookie", session.Cookie);
            if (message.Method != HttpMethod.Get && message.Method != HttpMethod.Head) message.Headers.Add("X-Wharf-Csrf", session.Csrf);
        }
        return await SendRawAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends and reads the answer whole; a connection or trust failure comes back as the reason and its exit code.</summary>
    private async Task<AdminCall> SendRawAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var open = await OpenAsync(message, cancellationToken).ConfigureAwait(false);
        if (open.Response is not { } response) return open.Failure!;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var etag = response.Headers.TryGetValues("ETag", out var tags) ? tags.FirstOrDefault() : null;
            var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault() : null;
            return AdminCall.Answered(new AdminReply((int)response.StatusCode, etag, text) { SetCookie = cookie });
        }
    }

    /// <summary>Sends and returns the response as soon as its head arrives, to read a stream (a reset's progress) as it comes.</summary>
    public async Task<(HttpResponseMessage? Response, AdminCall? Failure)> OpenAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (response, null);
        }
        catch (HttpRequestException e) when (_trust.Refusal is { } refusal && Has<AuthenticationException>(e))
        {
            return (null, AdminCall.Unanswered(refusal, ExitCodes.HostNotTrusted));
        }
        catch (HttpRequestException e)
        {
            return (null, AdminCall.Unanswered($"cannot reach the admin endpoint {_target.Name}: {Innermost(e).Message}", ExitCodes.NotRunning));
        }
    }

    public async Task<(HttpResponseMessage? Response, AdminCall? Failure)> OpenAuthenticatedAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(cancellationToken).ConfigureAwait(false) is { } failure) return (null, failure);
        if (_token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        else if (_session is { } session)
        {
            message.Headers.Add("Cookie", session.Cookie);
            message.Headers.Add("X-Wharf-Csrf", session.Csrf);
        }
        return await OpenAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static bool Has<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is T) return true;
        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }

    public void Dispose() => _http.Dispose();
}
