using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Health;
using static Wharf.Www.Tests.Pools.Health.PoolWatchFixture;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>The warm-up request of a warming worker: once, retried while nothing listens, judged as a health answer.</summary>
public sealed class WarmupWatchTests : IDisposable
{
    private readonly PoolWatchFixture _f = new();
    private readonly ShortTempFolder _folder = new();

    private static IReadOnlyDictionary<string, WatchedPool> Pools(string? warmupPath = "/warmup") =>
        WatchedPool.From(ConfigOf(Pool("Shop", m => m with { StartupTimeLimit = TimeSpan.FromSeconds(10) }, warmupPath)));

    [Fact]
    public async Task A_warming_worker_that_answers_below_500_is_reported_warmed_once()
    {
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => 204);
        var warmup = _f.Warmup();
        var table = Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Warming));

        warmup.Update(Pools(), table);
        var request = await worker.NextRequestAsync();
        var report = await _f.NextReportAsync();
        // The table is sent again before the supervisor has taken the report in: no second request.
        warmup.Update(Pools(), table);

        Assert.Equal("GET /warmup HTTP/1.1", request.Line);
        Assert.Equal("shop.example", request.Host);
        Assert.Equal(new PoolReport { Kind = PoolReportKind.Warmed, Pool = "Shop", Worker = "Shop#1", Detail = "204 from /warmup" }, report);
        await warmup.StopAsync();
        Assert.False(worker.Requests.Reader.TryRead(out _));
        Assert.False(_f.Reports.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_warm_up_answered_with_500_is_warm_failed_with_what_it_got()
    {
        await using var worker = TinyWorker.OnLoopback(_ => 500);
        var warmup = _f.Warmup();

        warmup.Update(Pools(), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Warming)));
        var report = await _f.NextReportAsync();

        Assert.Equal(PoolReportKind.WarmFailed, report.Kind);
        Assert.Equal("500 from /warmup", report.Detail);
        await warmup.StopAsync();
    }

    [Fact]
    public async Task While_the_connection_is_refused_the_warm_up_is_retried_until_the_worker_listens()
    {
        var path = _folder["late.sock"];
        var warmup = _f.Warmup();

        warmup.Update(Pools(), Table("Shop", ("Shop#1", "unix:" + path, WorkerRole.Warming)));
        await _f.WaitingAsync("Shop#1");
        await using var worker = TinyWorker.OnUnixSocket(path, _ => 200);
        _f.Time.Advance(WarmupWatch.RetryDelay);

        Assert.Equal(PoolReportKind.Warmed, (await _f.NextReportAsync()).Kind);
        Assert.Equal("GET /warmup HTTP/1.1", (await worker.NextRequestAsync()).Line);
        await warmup.StopAsync();
    }

    [Fact]
    public async Task Refused_until_the_startup_time_limit_is_warm_failed()
    {
        var warmup = _f.Warmup();

        warmup.Update(Pools(), Table("Shop", ("Shop#1", "unix:" + _folder["never.sock"], WorkerRole.Warming)));
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += WarmupWatch.RetryDelay)
        {
            await _f.WaitingAsync("Shop#1");
            _f.Time.Advance(WarmupWatch.RetryDelay);
        }
        var report = await _f.NextReportAsync();

        Assert.Equal(PoolReportKind.WarmFailed, report.Kind);
        Assert.Equal("connection refused for 10 s", report.Detail);
        await warmup.StopAsync();
    }

    [Fact]
    public async Task A_warm_up_that_hangs_past_the_startup_time_limit_is_warm_failed()
    {
        await using var worker = TinyWorker.OnLoopback(_ => TinyWorker.Hang);
        var warmup = _f.Warmup();

        warmup.Update(Pools(), Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Warming)));
        await worker.NextRequestAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("no answer in 10 s", (await _f.NextReportAsync()).Detail);
        await warmup.StopAsync();
    }

    [Fact]
    public async Task A_warming_worker_of_a_pool_without_a_warm_up_path_is_warmed_at_once()
    {
        var warmup = _f.Warmup();

        warmup.Update(Pools(warmupPath: null), Table("Shop", ("Shop#1", "127.0.0.1:1", WorkerRole.Warming)));

        var report = await _f.NextReportAsync();
        Assert.Equal(PoolReportKind.Warmed, report.Kind);
        Assert.Equal("no warm-up path", report.Detail);
        await warmup.StopAsync();
    }

    [Fact]
    public async Task A_worker_that_stops_warming_is_no_longer_waited_for()
    {
        var warmup = _f.Warmup();
        warmup.Update(Pools(), Table("Shop", ("Shop#1", "unix:" + _folder["never.sock"], WorkerRole.Warming)));
        await _f.WaitingAsync("Shop#1");

        // The supervisor gave up on it (its own startup limit) and lists it no more.
        warmup.Update(Pools(), Table("Shop"));
        _f.Time.Advance(TimeSpan.FromSeconds(20));
        await warmup.StopAsync();

        Assert.False(_f.Reports.Reader.TryRead(out _));
    }

    public void Dispose() => _folder.Dispose();
}
