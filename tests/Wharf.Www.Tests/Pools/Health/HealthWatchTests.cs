using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Health;
using static Wharf.Www.Tests.Pools.Health.PoolWatchFixture;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>Health requests to active workers on a fake clock, against a real worker socket; the verdicts and when they are reported.</summary>
public sealed class HealthWatchTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly PoolWatchFixture _f = new();
    private readonly ShortTempFolder _folder = new();

    [Fact]
    public async Task An_active_worker_gets_the_ping_path_every_interval_with_the_pool_s_host_name_and_a_healthy_one_is_not_reported()
    {
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => 200);
        var health = _f.Health();
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));

        for (var i = 0; i < 3; i++)
        {
            await _f.WaitingAsync("Shop#1");
            _f.Time.Advance(Interval);
            var request = await worker.NextRequestAsync();
            Assert.Equal("GET /health HTTP/1.1", request.Line);
            Assert.Equal("shop.example", request.Host);
        }
        await _f.WaitingAsync("Shop#1");

        Assert.False(_f.Reports.Reader.TryRead(out _));
        await health.StopAsync();
    }

    [Fact]
    public async Task An_apply_between_pings_takes_effect_at_the_next_ping_without_a_new_loop()
    {
        await using var worker = TinyWorker.OnLoopback(_ => 200);
        var health = _f.Health();
        var table = Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active));
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), table);
        await _f.WaitingAsync("Shop#1");

        health.Update(WatchedPool.From(ConfigOf(Pool("Shop", m => m with { PingPath = "/ready" }), hostName: "new.example")), table);
        _f.Time.Advance(Interval);

        var request = await worker.NextRequestAsync();
        Assert.Equal("GET /ready HTTP/1.1", request.Line);
        Assert.Equal("new.example", request.Host);
        Assert.Equal(1, health.Watched);
        await health.StopAsync();
    }

    [Fact]
    public async Task A_500_is_reported_unhealthy_once_and_again_only_after_a_healthy_answer()
    {
        var status = 500;
        await using var worker = TinyWorker.OnLoopback(_ => status);
        var health = _f.Health();
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));

        await Ping();
        var report = await _f.NextReportAsync();
        Assert.Equal(PoolReportKind.Unhealthy, report.Kind);
        Assert.Equal("Shop", report.Pool);
        Assert.Equal("Shop#1", report.Worker);
        Assert.Equal("500 from /health", report.Detail);

        await Ping();
        status = 200;
        // By the time the next ping waits, the second 500 has been dealt with: not reported again.
        await Ping();
        Assert.False(_f.Reports.Reader.TryRead(out _));

        status = 502;
        await Ping();
        Assert.Equal("502 from /health", (await _f.NextReportAsync()).Detail);
        await health.StopAsync();

        async Task Ping()
        {
            await _f.WaitingAsync("Shop#1");
            _f.Time.Advance(Interval);
            await worker.NextRequestAsync();
        }
    }

    [Fact]
    public async Task No_answer_within_ping_response_time_is_unhealthy_with_the_time_it_waited()
    {
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => TinyWorker.Hang);
        var health = _f.Health();
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));

        await _f.WaitingAsync("Shop#1");
        _f.Time.Advance(Interval);
        await worker.NextRequestAsync();
        Assert.False(_f.Reports.Reader.TryRead(out _));
        _f.Time.Advance(TimeSpan.FromSeconds(5));

        var report = await _f.NextReportAsync();
        Assert.Equal(PoolReportKind.Unhealthy, report.Kind);
        Assert.Equal("no answer in 5 s", report.Detail);
        await health.StopAsync();
    }

    [Fact]
    public async Task A_worker_gone_from_its_socket_is_unhealthy_with_connection_refused()
    {
        var health = _f.Health();
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", "unix:" + _folder["gone.sock"], WorkerRole.Active)));

        await _f.WaitingAsync("Shop#1");
        _f.Time.Advance(Interval);

        Assert.Equal("connection refused", (await _f.NextReportAsync()).Detail);
        await health.StopAsync();
    }

    [Fact]
    public async Task Only_active_workers_of_pools_with_pinging_enabled_are_watched()
    {
        var pools = WatchedPool.From(new WharfConfig
        {
            ApplicationPools = [Pool("Shop"), Pool("Quiet", m => m with { PingingEnabled = false })],
        });
        var health = _f.Health();
        var table = Table("Shop",
            ("Shop#1", "127.0.0.1:1", WorkerRole.Active),
            ("Shop#2", "127.0.0.1:2", WorkerRole.Warming),
            ("Shop#3", "127.0.0.1:3", WorkerRole.Draining),
            ("Shop#4", "127.0.0.1:4", WorkerRole.Suspended))
            .Concat(Table("Quiet", ("Quiet#1", "127.0.0.1:5", WorkerRole.Active)))
            .Concat(Table("Unknown", ("Unknown#1", "127.0.0.1:6", WorkerRole.Active)))
            .ToList();

        health.Update(pools, table);
        Assert.Equal(1, health.Watched);

        // Shop#1 starts draining (a recycle's old worker): its loop ends.
        health.Update(pools, Table("Shop", ("Shop#1", "127.0.0.1:1", WorkerRole.Draining)));
        Assert.Equal(0, health.Watched);
        await health.StopAsync();
    }

    [Fact]
    public async Task A_worker_that_listens_only_on_its_handed_socket_gets_no_health_request()
    {
        var health = _f.Health();
        IReadOnlyList<PoolRoute> table =
        [
            new PoolRoute
            {
                Pool = "Shop",
                State = PoolRouteState.Running,
                Workers =
                [
                    new WorkerRoute { Id = "Shop#1", Pid = 1000, Endpoint = "unix:/nowhere/w1.sock", Role = WorkerRole.Active, HandoffOnly = true },
                    new WorkerRoute { Id = "Shop#2", Pid = 1001, Endpoint = "127.0.0.1:2", Role = WorkerRole.Active },
                ],
            },
        ];

        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), table);

        // Its own endpoint does not accept: a ping would fail and get a serving worker killed.
        await _f.WaitingAsync("Shop#2");
        Assert.Equal(1, health.Watched);
        await health.StopAsync();
    }

    [Fact]
    public async Task After_stop_no_loop_is_left_and_the_clock_sends_nothing()
    {
        await using var worker = TinyWorker.OnLoopback(_ => 200);
        var health = _f.Health();
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));
        await _f.WaitingAsync("Shop#1");

        await health.StopAsync();
        _f.Time.Advance(Interval * 4);
        health.Update(WatchedPool.From(ConfigOf(Pool("Shop"))), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));

        Assert.Equal(0, health.Watched);
        Assert.False(worker.Requests.Reader.TryRead(out _));
    }

    [Fact]
    public void The_host_is_the_first_host_name_bound_by_a_site_using_the_pool_else_localhost()
    {
        var config = new WharfConfig
        {
            ApplicationPools = [Pool("Shop"), Pool("Api"), Pool("Lone")],
            Sites =
            [
                new SiteConfig { Name = "Other", PhysicalPath = "/a", Bindings = [new BindingConfig { Port = 80, HostName = "other.example" }] },
                new SiteConfig
                {
                    Name = "Main", PhysicalPath = "/b", ApplicationPool = "Shop",
                    Bindings = [new BindingConfig { Port = 80 }, new BindingConfig { Port = 80, HostName = "main.example" }],
                    Applications = [new ApplicationConfig { Path = "/api", PhysicalPath = "/c", ApplicationPool = "api" }],
                },
            ],
        };

        var pools = WatchedPool.From(config);

        Assert.Equal("main.example", pools["Shop"].HostName);
        Assert.Equal("main.example", pools["Api"].HostName);
        Assert.Equal("localhost", pools["Lone"].HostName);
    }

    public void Dispose() => _folder.Dispose();
}
