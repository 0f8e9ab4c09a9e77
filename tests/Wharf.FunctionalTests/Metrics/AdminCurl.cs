using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Metrics;

/// <summary>curl over run/admin.sock, as an administrator's script would call the admin API.</summary>
internal static class AdminCurl
{
    public static Task<CurlResponse> GetAsync(WharfHost host, string path) =>
        Curl.RunAsync("--unix-socket", Socket(host), "http://wharf" + path);

    public static Task<CurlResponse> PostAsync(WharfHost host, string path, string? body = null) =>
        Curl.RunAsync(["--unix-socket", Socket(host), "-X", "POST", .. body is null ? Array.Empty<string>() : ["-H", "Content-Type: application/json", "--data-binary", body], "http://wharf" + path]);

    public static async Task<JsonNode> JsonAsync(WharfHost host, string path)
    {
        var response = await GetAsync(host, path);
        Assert.True(response.Status == 200, response.ToString());
        return JsonNode.Parse(response.Text)!;
    }

    /// <summary>The NDJSON lines of a streamed answer, each parsed.</summary>
    public static IReadOnlyList<JsonObject> Lines(CurlResponse response) =>
        response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();

    private static string Socket(WharfHost host) => Path.Combine(host.Root, "run", "admin.sock");
}
