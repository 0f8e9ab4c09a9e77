using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools;
using Wharf.Www.Pools.Health;
using static Wharf.Www.Tests.Pools.Health.PoolWatchFixture;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>IIS's idleTimeout as www decides it: from the last request, or from the first worker when there was none; said once per idle spell.</summary>
public sealed class IdleRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private readonly FakeTimeProvider _time = new();
    private readonly PoolActivity _activity;
    private readonly IdleRule _rule;

    public IdleRuleTests()
    {
        _activity = new PoolActivity(_time);
        _rule = new IdleRule(_time);
    }

    private bool Check(bool active = true) => _rule.Check(active, _activity.SinceLastRequest("Shop"), Timeout);

    [Fact]
    public void With_no_request_ever_the_timeout_counts_from_when_the_workers_appeared()
    {
        Assert.False(Check(active: false));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(Check());
        _time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(Check());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Check());
    }

    [Fact]
    public void The_timeout_counts_from_the_last_request()
    {
        Assert.False(Check());
        _time.Advance(TimeSpan.FromMinutes(15));
        _activity.Touch("Shop");
        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(Check());
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Check());
    }

    [Fact]
    public void Idle_is_said_once_and_again_only_after_a_request_and_a_new_idle_spell()
    {
        _activity.Touch("Shop");
        _time.Advance(Timeout);
        Assert.True(Check());

        // The supervisor stopped the workers; alwaysRunning starts new ones at once, with no request.
        Assert.False(Check(active: false));
        _time.Advance(Timeout * 3);
        Assert.False(Check());

        _activity.Touch("Shop");
        _time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(Check());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Check());
    }

    [Fact]
    public void A_pool_without_active_workers_or_with_a_zero_timeout_is_never_idle()
    {
        _time.Advance(TimeSpan.FromHours(5));
        Assert.False(Check(active: false));
        Assert.False(_rule.Check(true, null, TimeSpan.Zero));
        _time.Advance(TimeSpan.FromHours(5));
        Assert.False(_rule.Check(true, null, TimeSpan.Zero));
    }

    [Fact]
    public void The_idle_watch_reports_a_pool_idle_within_a_second_of_its_timeout_and_stops_with_its_timer()
    {
        var reports = new List<PoolReport>();
        var pool = Pool("Shop", m => m with { IdleTimeout = TimeSpan.FromMinutes(5) });
        var pools = WatchedPool.From(ConfigOf(pool));
        using var watch = new IdleWatch(_time, _activity, reports.Add, NullLogger.Instance);

        watch.Update(pools, Table("Shop", ("Shop#1", "127.0.0.1:1", WorkerRole.Active)));
        _time.Advance(TimeSpan.FromMinutes(5) - IdleWatch.CheckInterval);
        Assert.Empty(reports);
        _time.Advance(IdleWatch.CheckInterval);

        var report = Assert.Single(reports);
        Assert.Equal(new PoolReport { Kind = PoolReportKind.Idle, Pool = "Shop", Detail = "no request for 300 s" }, report);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Single(reports);

        watch.Dispose();
        _activity.Touch("Shop");
        _time.Advance(TimeSpan.FromHours(1));
        // Without the timer's end this would be a second idle spell, reported.
        Assert.Single(reports);
    }

    [Fact]
    public void A_pool_with_a_request_in_flight_is_not_idle_and_the_timeout_counts_from_its_end()
    {
        var reports = new List<PoolReport>();
        var pools = WatchedPool.From(ConfigOf(Pool("Shop", m => m with { IdleTimeout = TimeSpan.FromMinutes(5) })));
        using var watch = new IdleWatch(_time, _activity, reports.Add, NullLogger.Instance);
        watch.Update(pools, Table("Shop", ("Shop#1", "127.0.0.1:1", WorkerRole.Active)));

        _activity.Enter("shop");
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(reports);

        _activity.Leave("shop");
        _time.Advance(TimeSpan.FromMinutes(5) - IdleWatch.CheckInterval);
        Assert.Empty(reports);
        _time.Advance(IdleWatch.CheckInterval);
        Assert.Equal(PoolReportKind.Idle, Assert.Single(reports).Kind);
    }

    [Fact]
    public void A_pool_whose_site_socket_is_handed_to_its_workers_is_never_idle_by_www_s_count()
    {
        var reports = new List<PoolReport>();
        var pool = Pool("Shop", m => m with { IdleTimeout = TimeSpan.FromMinutes(5) });
        var pools = WatchedPool.From(ConfigOf(pool with { StartMode = AppPoolStartMode.AlwaysRunning, Program = pool.Program! with { DirectHandoff = true } }));
        using var watch = new IdleWatch(_time, _activity, reports.Add, NullLogger.Instance);
        watch.Update(pools, Table("Shop", ("Shop#1", "127.0.0.1:1", WorkerRole.Active)));

        // www sees none of its requests: silence is no evidence of idleness.
        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(pools["Shop"].Handed);
        Assert.Empty(reports);
    }
}
