using System.Net;
using System.Net.WebSockets;
using System.Text;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.TestKit;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests.Pools;

/// <summary>www in this process, forwarding an application's requests to a worker on a Unix socket.</summary>
public sealed class ForwardingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);
    private readonly List<PoolReport> _reports = [];
    private readonly TaskCompletionSource<PoolReport> _demand = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestWorker? _worker;

    private string SocketPath(string name) => Path.Combine(_www.Root.Path, name + ".sock");

    public async Task InitializeAsync()
    {
        _www.WriteFile("wwwroot/index.html", "static home");
        _www.WriteFile("shop/readme.txt", "not served: the app's requests go to its workers");
        _worker = await TestWorker.StartAsync(SocketPath("w1"));
    }

    public async Task DisposeAsync()
    {
        _worker?.Release.TrySetResult();
        _worker?.SecondEvent.TrySetResult();
        if (_worker is not null) await _worker.DisposeAsync();
        await _www.DisposeAsync();
    }

    private WharfConfig Config(Func<AppPoolConfig, AppPoolConfig>? shop = null) => new()
    {
        Version = 1,
        Sites =
        [
            WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding()) with
            {
                Applications = [new ApplicationConfig { Path = "/app", PhysicalPath = "shop", ApplicationPool = "Shop" }],
            },
        ],
        ApplicationPools =
        [
            new AppPoolConfig { Name = "DefaultAppPool" },
            (shop ?? (p => p))(new AppPoolConfig { Name = "Shop", Program = new WorkerProgramConfig { Command = "/usr/bin/true" } }),
        ],
    };

    private async Task StartAsync(WharfConfig? config = null)
    {
        await _www.StartAsync(config ?? Config(), reportPool: report =>
        {
            lock (_reports) _reports.Add(report);
            if (report.Kind == PoolReportKind.Demand) _demand.TrySetResult(report);
        });
    }

    private void Table(PoolRouteState state = PoolRouteState.Running, int? retryAfter = null, params WorkerRoute[] workers) =>
        _www.Service.OnWorkers([new PoolRoute { Pool = "Shop", State = state, RetryAfterSeconds = retryAfter, Workers = workers }]);

    private WorkerRoute Worker(string id, string endpoint) => new() { Id = id, Pid = Environment.ProcessId, Endpoint = endpoint, Role = WorkerRole.Active };

    [Fact]
    public async Task The_applications_requests_go_to_the_worker_with_forwarded_headers_and_the_rest_stays_static()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/app/echo?x=1");
        request.Headers.Host = "shop.example";
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=6.6.6.6");
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("path=/app/echo?x=1\n", body);
        Assert.Contains("Host=shop.example\n", body);
        Assert.Contains("X-Forwarded-For=127.0.0.1\n", body);
        Assert.Contains("X-Forwarded-Proto=http\n", body);
        Assert.Contains("X-Forwarded-Host=shop.example\n", body);
        Assert.Contains("Forwarded=\n", body);

        Assert.NotNull(_www.Service.Pools.Activity.SinceLastRequest("Shop"));
        Assert.Null(_www.Service.Pools.Activity.SinceLastRequest("DefaultAppPool"));
        Assert.Equal("static home", await client.GetStringAsync("/"));
        var figures = _www.Service.GetFigures().ToJson();
        Assert.Equal(1, (long)figures["workers"]!["Shop#1"]!["served"]!);
    }

    [Fact]
    public async Task An_HTTP2_client_over_TLS_is_served_by_an_HTTP11_worker_and_told_it_came_by_https()
    {
        TestCertificates.WritePem(TestCertificates.SelfSigned("shop.test"), _www.Root.Resolve("certs/shop.pem"), _www.Root.Resolve("certs/shop.key"));
        var https = new BindingConfig
        {
            Protocol = BindingProtocol.Https, Address = "127.0.0.1", Port = _www.Port,
            CertificateFile = "certs/shop.pem", KeyFile = "certs/shop.key",
        };
        var config = Config();
        await StartAsync(config with { Sites = [config.Sites[0] with { Bindings = [https] }] });
        Table(workers: Worker("Shop#1", _worker!.Endpoint));

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{_www.Port}/app/echo")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("X-Forwarded-Proto=https\n", body);
        Assert.Contains($"Host=127.0.0.1:{_www.Port}\n", body);
    }

    [Fact]
    public async Task A_request_body_is_forwarded()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var response = await client.PostAsync("/app/echo", new StringContent("order=42"));
        Assert.Contains("body=order=42\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Server_sent_events_reach_the_client_as_the_worker_writes_them()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        using var response = await client.GetAsync("/app/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The worker holds its second event until the first has reached the client.
        Assert.Equal("data: one", await reader.ReadLineAsync());
        _worker.SecondEvent.SetResult();
        Assert.Equal("", await reader.ReadLineAsync());
        Assert.Equal("data: two", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task A_body_of_known_length_that_follows_its_head_apart_reaches_the_client_whole()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        using var response = await client.GetAsync("/app/apart", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(4, response.Content.Headers.ContentLength);
        _worker.SecondEvent.SetResult();
        // Before the fix the head came and the body never did: the client waited for it.
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("body", body);
        // And the connection is whole for the next request.
        Assert.Contains("path=/app/echo", await client.GetStringAsync("/app/echo").WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_WebSocket_passes_through()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_www.Port}/app/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task A_stopped_pool_answers_503_with_Retry_After_at_once()
    {
        await StartAsync();
        Table(PoolRouteState.RapidFailed, retryAfter: 30);
        using var client = _www.CreateClient();
        var response = await client.GetAsync("/app/echo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_pool_stopped_in_the_configuration_answers_503_before_the_table_says_so()
    {
        await StartAsync(Config(p => p with { State = AppPoolState.Stopped }));
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var response = await client.GetAsync("/app/echo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task With_tcpLevel_a_stopped_pool_resets_the_connection()
    {
        await StartAsync(Config(p => p with { Failure = new AppPoolFailureConfig { LoadBalancerCapabilities = LoadBalancerCapabilities.TcpLevel } }));
        Table(PoolRouteState.Stopped);
        using var client = _www.CreateClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/app/echo"));
    }

    [Fact]
    public async Task A_request_waits_past_a_dead_worker_asks_for_one_and_is_served_by_the_next()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", "unix:" + SocketPath("dead")));
        using var client = _www.CreateClient();
        var pending = client.GetAsync("/app/echo");

        // Refused by #1 (its socket is gone): the request waits and the pool asks for a worker.
        var demand = await _demand.Task;
        Assert.Equal("Shop", demand.Pool);
        Assert.False(pending.IsCompleted);

        Table(workers: [Worker("Shop#1", "unix:" + SocketPath("dead")) with { Role = WorkerRole.Draining }, Worker("Shop#2", _worker!.Endpoint)]);
        var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (long)_www.Service.GetFigures().ToJson()["workers"]!["Shop#2"]!["served"]!);
    }

    [Fact]
    public async Task A_request_body_refused_by_a_dead_worker_reaches_the_next_whole()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", "unix:" + SocketPath("dead")));
        using var client = _www.CreateClient();
        var pending = client.PostAsync("/app/echo", new StringContent("order=43"));
        await _demand.Task;
        Table(workers: Worker("Shop#2", _worker!.Endpoint));
        Assert.Contains("body=order=43\n", await (await pending).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wait_longer_than_the_queue_timeout_gets_503()
    {
        await StartAsync(Config(p => p with { QueueTimeout = TimeSpan.FromMilliseconds(300) }));
        Table();
        using var client = _www.CreateClient();
        var response = await client.GetAsync("/app/echo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_worker_names_the_request_it_is_serving()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var pending = client.GetAsync("/app/hold?order=9");
        await _worker.Holding.Task;
        var serving = Assert.Single(_www.Service.WorkerRequests("Shop#1"));
        Assert.Equal("GET", serving.Method);
        Assert.Equal("/app/hold?order=9", serving.Url);
        Assert.StartsWith("127.0.0.1:", serving.Client);

        _worker.Release.SetResult();
        Assert.Equal("released", await (await pending).Content.ReadAsStringAsync());
        Assert.Empty(_www.Service.WorkerRequests("Shop#1"));
    }

    [Fact]
    public async Task A_worker_that_fails_mid_request_gives_502_and_is_named_with_the_cut_request()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var pending = client.GetAsync("/app/hold");
        await _worker.Holding.Task;
        // The worker dies with the request in hand.
        await _worker.KillAsync();
        _worker = null;
        var response = await pending;
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("/app/hold", Assert.Single(_www.Service.WorkerRequests("Shop#1")).Url);
    }

    [Fact]
    public async Task The_recycle_header_never_reaches_the_client()
    {
        await StartAsync();
        Table(workers: Worker("Shop#1", _worker!.Endpoint));
        using var client = _www.CreateClient();
        var response = await client.GetAsync("/app/recycle");
        Assert.False(response.Headers.Contains("Wharf-Recycle"));
        lock (_reports)
            Assert.Contains(_reports, r => r.Kind == PoolReportKind.WorkerAsked && r.Worker == "Shop#1" && r.Detail == "memory leak");
    }
}
