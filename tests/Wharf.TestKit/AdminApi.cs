using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.TestKit;

/// <summary>A real HTTP client of the admin API on <c>run/admin.sock</c>.</summary>
public sealed class AdminApi(string root) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(root, "run", "admin.sock")), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri("http://wharf/"), Timeout = TimeSpan.FromSeconds(60) };

    public sealed record Answer(HttpStatusCode Status, JsonNode? Body, long? ETag)
    {
        public override string ToString() => $"{(int)Status} {Body?.ToJsonString()}";
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> PutAsync(string configPath, JsonNode? value, long? ifMatch = null) =>
        SendAsync(HttpMethod.Put, $"api/config?path={Uri.EscapeDataString(configPath)}", value?.ToJsonString() ?? "null", ifMatch);

    public Task<Answer> DeleteAsync(string configPath, long? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, $"api/config?path={Uri.EscapeDataString(configPath)}", null, ifMatch);

    public Task<Answer> PostAsync(string path, JsonNode? body = null, long? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, body?.ToJsonString() ?? "", ifMatch);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body = null, long? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var etag = response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), out var version) ? version : (long?)null;
        return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), etag);
    }

    public void Dispose() => _client.Dispose();
}
