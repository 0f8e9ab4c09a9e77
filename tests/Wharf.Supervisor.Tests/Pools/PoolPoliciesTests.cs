using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Runner;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>The pure policies under the pool runner: rapid-fail protection, when the clock recycles a worker, and an alwaysRunning pool's start retries.</summary>
public sealed class PoolPoliciesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rapid_fail_trips_at_maxCrashes_within_the_interval_and_not_when_they_are_spread_wider()
    {
        var failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 3, RapidFailProtectionInterval = TimeSpan.FromMinutes(5) };
        var history = RapidFailPolicy.Empty;
        RapidFailVerdict verdict;
        (history, verdict) = history.Record(failure, T0);
        Assert.False(verdict.Tripped);
        (history, verdict) = history.Record(failure, T0.AddMinutes(4));
        Assert.False(verdict.Tripped);
        // The first has left the window: two in it.
        (history, verdict) = history.Record(failure, T0.AddMinutes(6));
        Assert.False(verdict.Tripped);
        Assert.Equal(2, verdict.InWindow);
        (_, verdict) = history.Record(failure, T0.AddMinutes(7));
        Assert.True(verdict.Tripped);
        Assert.Contains("3 worker failures within 5 min", verdict.Reason);
        Assert.Contains("wharf apppool start", verdict.Reason);
        Assert.Null(verdict.RestartAt);
    }

    [Fact]
    public void Rapid_fail_with_restartAfter_says_when_and_starts_again_with_no_failures_remembered()
    {
        var failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 1, RapidFailRestartAfter = TimeSpan.FromMinutes(2) };

        var (next, verdict) = RapidFailPolicy.Empty.Record(failure, T0);

        Assert.True(verdict.Tripped);
        Assert.Equal(T0.AddMinutes(2), verdict.RestartAt);
        Assert.Empty(next.Failures);
    }

    [Fact]
    public void Rapid_fail_protection_turned_off_never_trips()
    {
        var failure = new AppPoolFailureConfig { RapidFailProtection = false, RapidFailProtectionMaxCrashes = 1 };

        var (_, verdict) = RapidFailPolicy.Empty.Record(failure, T0);

        Assert.False(verdict.Tripped);
    }

    [Theory]
    [InlineData(0, 4, false, 1)]
    [InlineData(1, 4, false, 2)]
    [InlineData(3, 4, false, 4)]
    [InlineData(0, 4, true, 4)]
    [InlineData(0, 1, false, 4)]
    public void Periodic_restart_spreads_a_garden_started_together_over_the_time(int slot, int garden, bool replacement, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), PeriodicRestartPlan.FirstRecycleAfter(TimeSpan.FromHours(4), slot, garden, replacement));
    }

    [Fact]
    public void Periodic_restart_time_zero_never_recycles()
    {
        Assert.Null(PeriodicRestartPlan.FirstRecycleAfter(TimeSpan.Zero, 0, 1, false));
    }

    [Fact]
    public void The_schedule_gives_the_next_local_time_today_or_tomorrow()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        // 10:00 UTC is 12:00 local.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 13, 30, 0, TimeSpan.FromHours(2)), PeriodicRestartPlan.NextScheduled(["03:00", "13:30"], T0, zone));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.FromHours(2)), PeriodicRestartPlan.NextScheduled(["03:00"], T0, zone));
        // Exactly now is not next: it has just run.
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.FromHours(2)), PeriodicRestartPlan.NextScheduled(["12:00"], T0, zone));
        Assert.Null(PeriodicRestartPlan.NextScheduled([], T0, zone));
        Assert.Null(PeriodicRestartPlan.NextScheduled(["25:00"], T0, zone));
    }

    [Fact]
    public void An_always_running_pools_start_retry_waits_1_s_doubling_to_at_most_60_s()
    {
        var backoff = StartRetryBackoff.Fresh;
        var delays = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            (var delay, backoff) = backoff.Failed();
            delays.Add(delay.TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
        // Far past any exponent that would overflow a shift.
        Assert.Equal(StartRetryBackoff.Longest, new StartRetryBackoff(int.MaxValue - 1).Failed().Delay);
        Assert.Equal(StartRetryBackoff.First, StartRetryBackoff.Fresh.Failed().Delay);
    }
}
