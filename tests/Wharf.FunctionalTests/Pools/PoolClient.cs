using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Pools;

/// <summary>Requests to a host's pool workers, each on a new connection, and what the test workers answer.</summary>
internal static class PoolClient
{
    public sealed record Answer(HttpStatusCode Status, string Body, HttpResponseMessage Response)
    {
        public string? Header(string name) =>
            Response.Headers.TryGetValues(name, out var v) || Response.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : null;

        public override string ToString() => $"{(int)Status}\n{Response.Headers}{Response.Content.Headers}\n{Body}";
    }

    public static async Task<Answer> GetAsync(WharfHost host, string path, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + path);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>GET /pid, which must be answered by a worker.</summary>
    public static async Task<int> WorkerPidAsync(WharfHost host)
    {
        var answer = await GetAsync(host, "/pid");
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET /pid: {answer}\n{host.Output}");
        return int.Parse(answer.Body, CultureInfo.InvariantCulture);
    }

    public static async Task<JsonNode> JsonAsync(WharfHost host, string path, IReadOnlyDictionary<string, string>? headers = null)
    {
        var answer = await GetAsync(host, path, headers: headers);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {path}: {answer}\n{host.Output}");
        return JsonNode.Parse(answer.Body)!;
    }

    /// <summary>Many GETs at once, each with curl on its own connection: status codes and seconds taken.</summary>
    public static async Task<IReadOnlyList<(int Status, double Seconds, string Body)>> ManyAsync(WharfHost host, string path, int count)
    {
        var runs = Enumerable.Range(0, count).Select(async _ =>
        {
            var result = await CommandResult.RunAsync("curl", ["-s", "--max-time", "60", "-w", "\n%{http_code} %{time_total}", host.BaseUrl + path]);
            var last = result.StandardOutput.LastIndexOf('\n');
            var tail = result.StandardOutput[(last + 1)..].Split(' ');
            return (int.Parse(tail[0], CultureInfo.InvariantCulture), double.Parse(tail[1], CultureInfo.InvariantCulture), result.StandardOutput[..Math.Max(0, last)]);
        });
        return await Task.WhenAll(runs);
    }
}
