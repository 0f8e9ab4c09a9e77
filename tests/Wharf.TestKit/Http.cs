using System.Net;

namespace Wharf.TestKit;

public static class Http
{
    /// <summary>One GET on a new connection (no pooling), so each call proves the listener accepts.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetFreshAsync(string url, TimeSpan? timeout = null)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
