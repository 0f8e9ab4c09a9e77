using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>
/// An HTTPS client of a host's admin endpoint, as a browser or a script is: cookies by hand (so
/// the test sees the exact Set-Cookie), no redirects, and the host's self-signed certificate
/// accepted because it is the one the host wrote (the CLI's pinning is tested on its own).
/// </summary>
internal sealed class RemoteAdmin : IDisposable
{
    private readonly HttpClient _http;

    public RemoteAdmin(WharfHost host)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(host.AdminUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string InitialPassword(WharfHost host) => File.ReadAllText(Path.Combine(host.Root, "state", "initial-admin-password")).Trim();

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null, string? cookie = null, string? csrf = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (csrf is not null) request.Headers.Add("X-Wharf-Csrf", csrf);
        if (bearer is not null) request.Headers.Add("Authorization", "Bearer " + bearer);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, body,
            response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Single() : null,
            response.Headers.RetryAfter?.Delta);
    }

    public Task<Answer> LoginAsync(string user, string password) =>
        SendAsync(HttpMethod.Post, "/api/session", new JsonObject { ["user"] = user, ["password"] = password }.ToJsonString());

    /// <summary>Logs in; returns the cookie to send back and the CSRF token.</summary>
    public async Task<(string Cookie, string Csrf)> SessionAsync(string user, string password)
    {
        var login = await LoginAsync(user, password);
        Assert.True(login.Status == HttpStatusCode.OK, login.ToString());
        return (login.SetCookie!.Split(';')[0], (string)login.Json!["csrf"]!);
    }

    public void Dispose() => _http.Dispose();

    internal sealed record Answer(HttpStatusCode Status, string Body, string? SetCookie, TimeSpan? RetryAfter)
    {
        public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

        public override string ToString() => $"{(int)Status} {Body}";
    }
}
