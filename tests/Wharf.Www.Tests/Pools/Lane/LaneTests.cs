using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests.Pools.Lane;

/// <summary>
/// www's forwarding lane on a keep-alive connection, byte by byte: what it carries, what it hands
/// to Kestrel, and that the connection goes on either way. ForwardingTests covers the same
/// answers through HttpClient (whose plain HTTP/1.1 requests the lane carries).
/// </summary>
public sealed class LaneTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);
    private TestWorker? _worker;

    public async Task InitializeAsync()
    {
        _www.WriteFile("wwwroot/index.html", "static home");
        _www.WriteFile("shop/readme.txt", "not served");
        _worker = await TestWorker.StartAsync(Path.Combine(_www.Root.Path, "w1.sock"));
        await _www.StartAsync(new WharfConfig
        {
            Version = 1,
            Sites =
            [
                WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding()) with
                {
                    Applications = [new ApplicationConfig { Path = "/app", PhysicalPath = "shop", ApplicationPool = "Shop" }],
                    CustomHeaders = [new HeaderConfig { Name = "X-Site", Value = "default" }],
                },
            ],
            ApplicationPools =
            [
                new AppPoolConfig { Name = "DefaultAppPool" },
                new AppPoolConfig { Name = "Shop", Program = new WorkerProgramConfig { Command = "/usr/bin/true" } },
            ],
        });
        _www.Service.OnWorkers([new PoolRoute
        {
            Pool = "Shop", State = PoolRouteState.Running,
            Workers = [new WorkerRoute { Id = "Shop#1", Pid = Environment.ProcessId, Endpoint = _worker.Endpoint, Role = WorkerRole.Active }],
        }]);
    }

    public async Task DisposeAsync()
    {
        _worker?.Release.TrySetResult();
        if (_worker is not null) await _worker.DisposeAsync();
        await _www.DisposeAsync();
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_on_one_connection()
    {
        using var client = await _www.ConnectAsync();
        await client.SendRawAsync(
            "GET /app/echo?n=1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /app/echo?n=2 HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\norder=43"
            + "GET /app/echo?n=3 HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Contains("path=/app/echo?n=1\n", (await client.ReadResponseAsync()).Body);
        var second = await client.ReadResponseAsync();
        Assert.Contains("path=/app/echo?n=2\n", second.Body);
        Assert.Contains("body=order=43\n", second.Body);
        Assert.Contains("path=/app/echo?n=3\n", (await client.ReadResponseAsync()).Body);
        Assert.Equal(3, _www.Service.LaneServed);
    }

    [Fact]
    public async Task A_request_left_to_Kestrel_is_answered_and_the_connection_goes_on()
    {
        using var client = await _www.ConnectAsync();
        await client.SendAsync("/app/echo?before");
        var carried = await client.ReadResponseAsync();
        Assert.Contains("path=/app/echo?before\n", carried.Body);
        Assert.Equal("default", carried.Headers["X-Site"]);
        Assert.Equal(1, _www.Service.LaneServed);

        // Percent-encoded: Kestrel decodes the path, so the lane leaves the request to it.
        await client.SendAsync("/app/%65cho?handed");
        Assert.Contains("path=/app/echo?handed\n", (await client.ReadResponseAsync()).Body);
        await client.SendAsync("/app/echo?after");
        Assert.Contains("path=/app/echo?after\n", (await client.ReadResponseAsync()).Body);
        await client.SendAsync("/");
        Assert.Equal("static home", (await client.ReadResponseAsync()).Body);
        // Kestrel has the connection from the first request it was left.
        Assert.Equal(1, _www.Service.LaneServed);
    }

    [Fact]
    public async Task A_static_request_first_goes_to_Kestrel_and_later_application_requests_are_still_served()
    {
        using var client = await _www.ConnectAsync();
        await client.SendAsync("/");
        Assert.Equal("static home", (await client.ReadResponseAsync()).Body);
        await client.SendAsync("/app/echo");
        Assert.Contains("X-Forwarded-For=127.0.0.1\n", (await client.ReadResponseAsync()).Body);
    }

    [Fact]
    public async Task Connection_close_from_the_client_is_answered_in_kind_and_the_connection_closed()
    {
        using var client = await _www.ConnectAsync();
        await client.SendRawAsync("GET /app/echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal("close", response.Connection);
        Assert.True(await client.ClosedByServerAsync());
    }

    [Fact]
    public async Task A_request_in_progress_when_the_drain_begins_is_answered_with_Connection_close()
    {
        using var client = await _www.ConnectAsync();
        await client.SendAsync("/app/hold");
        await _worker!.Holding.Task;
        var stopping = _www.StopAsync(TimeSpan.FromSeconds(10));
        // The drain has begun once nothing accepts; only then may the answer start.
        await _www.Service.AcceptStopped;
        _worker.Release.SetResult();
        var response = await client.ReadResponseAsync();
        Assert.Equal("released", response.Body);
        Assert.Equal("close", response.Connection);
        Assert.True(await client.ClosedByServerAsync());
        await stopping;
    }

    [Fact]
    public async Task A_worker_answer_with_a_byte_Kestrel_cannot_write_is_the_sites_502_on_both_paths()
    {
        // The worker's header is checked before a byte of the answer goes out; the 502 is written
        // by Kestrel's path (the lane hands the request back with its verdict).
        using var client = await _www.ConnectAsync();
        await client.SendAsync("/app/latin1");
        Assert.Equal(502, (await client.ReadResponseAsync()).Status);
        await client.SendAsync("/app/echo");
        Assert.Equal(200, (await client.ReadResponseAsync()).Status);
    }
}
