using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// A site's limits against the real `wharf serve`. Times are only checked as lower bounds: a
/// slow machine makes a transfer slower, never faster, so it cannot make these pass wrongly.
/// </summary>
public sealed class SiteLimitsTests
{
    private static WharfHost WithLimits(JsonObject limits) => SiteSetup.Prepare(site => site["limits"] = limits);

    /// <summary>At most Burst + Rate * t bytes go out by time t; the site's bucket holds an eighth of a second's worth.</summary>
    private static double LeastSeconds(long bytes, long rate) => (bytes - rate / 8.0) / rate;

    private static HttpClient Client() => new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(120),
    };

    [Fact]
    public async Task A_large_file_is_sent_no_faster_than_the_sites_bandwidth()
    {
        const int Size = 1024 * 1024;
        const long Rate = 256 * 1024;
        await using var host = WithLimits(new JsonObject { ["maxBandwidth"] = Rate });
        SiteSetup.WriteFile(host, "large.bin", Size);
        await host.StartAsync();
        using var client = Client();

        var clock = Stopwatch.StartNew();
        var body = await client.GetByteArrayAsync(host.BaseUrl + "/large.bin");
        var elapsed = clock.Elapsed.TotalSeconds;

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(host.Root, "wwwroot", "large.bin")), body);
        Assert.True(elapsed >= LeastSeconds(Size, Rate), $"{Size} bytes at {Rate} B/s took only {elapsed:F2} s");
    }

    [Fact]
    public async Task Two_downloads_at_once_share_the_sites_bandwidth()
    {
        const int Size = 96 * 1024;
        const long Rate = 48 * 1024;
        await using var host = WithLimits(new JsonObject { ["maxBandwidth"] = Rate });
        SiteSetup.WriteFile(host, "a.bin", Size);
        SiteSetup.WriteFile(host, "b.bin", Size);
        await host.StartAsync();
        using var client = Client();

        var clock = Stopwatch.StartNew();
        var both = await Task.WhenAll(client.GetByteArrayAsync(host.BaseUrl + "/a.bin"), client.GetByteArrayAsync(host.BaseUrl + "/b.bin"));
        var elapsed = clock.Elapsed.TotalSeconds;

        Assert.All(both, body => Assert.Equal(Size, body.Length));
        // Each alone would be allowed in (Size - burst) / Rate; together they need twice that.
        Assert.True(elapsed >= LeastSeconds(2 * Size, Rate), $"2 x {Size} bytes at {Rate} B/s took only {elapsed:F2} s");
    }

    [Fact]
    public async Task A_bandwidth_limit_set_on_a_running_site_applies_in_place_to_the_next_download()
    {
        const int Size = 256 * 1024;
        const long Rate = 64 * 1024;
        await using var host = WharfHost.Prepare();
        SiteSetup.WriteFile(host, "file.bin", Size);
        await host.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();

        var answer = await admin.PutAsync("/sites/0/limits", new JsonObject { ["maxBandwidth"] = Rate });
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        using var client = Client();
        var clock = Stopwatch.StartNew();
        Assert.Equal(Size, (await client.GetByteArrayAsync(host.BaseUrl + "/file.bin")).Length);
        var elapsed = clock.Elapsed.TotalSeconds;

        Assert.True(elapsed >= LeastSeconds(Size, Rate), $"{Size} bytes at {Rate} B/s took only {elapsed:F2} s");
        Assert.Equal(www, await host.ServicePidAsync());
    }

    [Fact]
    public async Task Beyond_max_connections_a_request_gets_503_2_while_the_others_are_in_progress()
    {
        await using var host = WithLimits(new JsonObject { ["maxConnections"] = 1, ["maxBandwidth"] = 16 * 1024 });
        SiteSetup.WriteFile(host, "slow.bin", 64 * 1024);
        await host.StartAsync();
        using var client = Client();

        // In progress for about four seconds: the bandwidth limit makes it a slow download.
        using var slow = await client.GetAsync(host.BaseUrl + "/slow.bin", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);

        using var refused = await client.GetAsync(host.BaseUrl + "/index.html");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("503.2", await refused.Content.ReadAsStringAsync());

        Assert.Equal(64 * 1024, (await slow.Content.ReadAsByteArrayAsync()).Length);
        // The slot is given back when the slow request's handler returns, just after its last byte.
        await RetryUntilAsync(async () => (await Http.GetFreshAsync(host.BaseUrl + "/index.html")).Status == HttpStatusCode.OK, "a request after the slow one");

        Assert.Equal(0, await host.StopAsync());
        var log = W3cLogReader.ReadSite(host.Root, 1);
        Assert.Contains(log.Entries, e => e["sc-status"] == "503" && e["sc-substatus"] == "2" && e["cs-uri-stem"] == "/index.html");
    }

    [Fact]
    public async Task A_request_body_over_the_sites_limit_gets_413()
    {
        await using var host = WithLimits(new JsonObject { ["maxRequestBodyBytes"] = 1000 });
        await host.StartAsync();
        using var client = Client();

        using var tooLarge = await client.PostAsync(host.BaseUrl + "/index.html", new ByteArrayContent(new byte[4000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var small = await client.PostAsync(host.BaseUrl + "/index.html", new ByteArrayContent(new byte[100]));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, small.StatusCode);

        Assert.Equal(0, await host.StopAsync());
        Assert.Contains(W3cLogReader.ReadSite(host.Root, 1).Entries, e => e["sc-status"] == "413" && e["sc-substatus"] == "13");
    }

    [Fact]
    public async Task A_url_or_query_string_over_the_sites_limits_gets_414()
    {
        await using var host = WithLimits(new JsonObject { ["maxUrlLength"] = 64, ["maxQueryStringLength"] = 32 });
        await host.StartAsync();

        Assert.Equal(414, await SiteSetup.CurlStatusAsync($"{host.BaseUrl}/{new string('a', 100)}"));
        Assert.Equal(414, await SiteSetup.CurlStatusAsync($"{host.BaseUrl}/index.html?q={new string('b', 50)}"));
        Assert.Equal(200, await SiteSetup.CurlStatusAsync($"{host.BaseUrl}/index.html?q=short"));

        Assert.Equal(0, await host.StopAsync());
        var log = W3cLogReader.ReadSite(host.Root, 1);
        Assert.Equal(["414.14", "414.15", "200.0"], log.Entries.Select(e => e["sc-status"] + "." + e["sc-substatus"]));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_sites_connection_timeout()
    {
        await using var host = WithLimits(new JsonObject { ["connectionTimeout"] = 2 });
        await host.StartAsync();

        // A connection that never sends a request.
        using (var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await idle.ConnectAsync(IPAddress.Loopback, host.HttpPort);
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, await ReceiveUntilClosedAsync(idle));
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"closed after {clock.Elapsed.TotalSeconds:F2} s");
        }

        // A keep-alive connection after its response.
        using var kept = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await kept.ConnectAsync(IPAddress.Loopback, host.HttpPort);
        await kept.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{host.HttpPort}\r\n\r\n"));
        var answered = Stopwatch.StartNew();
        var received = await ReceiveUntilClosedAsync(kept);
        Assert.True(received > 0, "no response before the close");
        Assert.True(answered.Elapsed >= TimeSpan.FromSeconds(1.9), $"closed after {answered.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>Reads until the server closes the connection (bounded by a generous timeout); returns the bytes read.</summary>
    private static async Task<int> ReceiveUntilClosedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        var total = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0) return total;
            total += n;
        }
    }

    private static async Task RetryUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within 30 s");
            await Task.Delay(50);
        }
    }
}
