using Wharf.Config.Model;

namespace Wharf.Supervisor.Tests;

public sealed class RecoveryPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static RecoveryDecision Decide(RecoveryConfig policy, int failedRetries = 0, bool disabled = false, params double[] minutesAgo)
    {
        var now = T0;
        var failures = minutesAgo.OrderDescending().Select(m => now - TimeSpan.FromMinutes(m)).ToArray();
        return RecoveryPolicy.Decide(policy, failures, now, failedRetries, disabled);
    }

    [Fact]
    public void First_failure_restarts_after_the_restart_delay()
    {
        var decision = Decide(new RecoveryConfig { RestartDelay = TimeSpan.FromSeconds(3) }, minutesAgo: 0);

        Assert.Equal(new RecoveryDecision.Restart(TimeSpan.FromSeconds(3), 1), decision);
    }

    [Fact]
    public void First_second_and_subsequent_failures_take_their_own_actions()
    {
        var policy = new RecoveryConfig
        {
            FirstFailure = RecoveryAction.Restart,
            SecondFailure = RecoveryAction.Run,
            SubsequentFailures = RecoveryAction.None,
            Program = "/usr/local/bin/page-someone",
            RapidFail = new RapidFailConfig { MaxFailures = 100 },
        };

        Assert.IsType<RecoveryDecision.Restart>(Decide(policy, minutesAgo: 0));
        Assert.Equal(new RecoveryDecision.RunProgram("/usr/local/bin/page-someone", 2), Decide(policy, minutesAgo: [10, 0]));
        Assert.IsType<RecoveryDecision.None>(Decide(policy, minutesAgo: [20, 10, 0]));
        Assert.IsType<RecoveryDecision.None>(Decide(policy, minutesAgo: [30, 20, 10, 0]));
    }

    [Fact]
    public void Fail_count_starts_again_after_the_reset_period_without_failures()
    {
        var policy = new RecoveryConfig
        {
            FirstFailure = RecoveryAction.Restart,
            SubsequentFailures = RecoveryAction.None,
            ResetFailCountAfter = TimeSpan.FromHours(1),
        };

        // Two failures three hours apart: the second counts as a first failure again.
        Assert.IsType<RecoveryDecision.Restart>(Decide(policy, minutesAgo: [180, 0]));
        Assert.Equal(3, RecoveryPolicy.FailCount([T0, T0.AddMinutes(30), T0.AddMinutes(59)], TimeSpan.FromHours(1)));
        Assert.Equal(1, RecoveryPolicy.FailCount([T0, T0.AddMinutes(30), T0.AddMinutes(100)], TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Five_failures_within_five_minutes_trip_rapid_fail_protection_with_a_one_minute_retry()
    {
        var decision = Decide(new RecoveryConfig(), minutesAgo: [4, 3, 2, 1, 0]);

        var failed = Assert.IsType<RecoveryDecision.Failed>(decision);
        Assert.Equal(TimeSpan.FromMinutes(1), failed.RetryAfter);
        Assert.Contains("5 failures within 5 min", failed.Reason);
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_do_not_trip_rapid_fail()
    {
        Assert.IsType<RecoveryDecision.Restart>(Decide(new RecoveryConfig(), minutesAgo: [20, 15, 10, 5.5, 0]));
    }

    [Fact]
    public void Retry_backoff_doubles_from_one_minute_and_stops_at_one_hour()
    {
        var rapid = new RapidFailConfig();

        Assert.Equal(
            new[] { 1, 2, 4, 8, 16, 32, 60, 60 }.Select(m => TimeSpan.FromMinutes(m)),
            Enumerable.Range(0, 8).Select(i => RecoveryPolicy.Backoff(rapid, i)));
    }

    [Fact]
    public void Waiting_for_an_administrator_means_no_retry()
    {
        var policy = new RecoveryConfig { RapidFail = new RapidFailConfig { MaxFailures = 2, WaitForAdministrator = true } };

        var failed = Assert.IsType<RecoveryDecision.Failed>(Decide(policy, minutesAgo: [1, 0]));
        Assert.Null(failed.RetryAfter);
        Assert.Contains("wharf service start", failed.Reason);
    }

    [Fact]
    public void Disable_turns_automatic_restart_off()
    {
        var decision = Decide(new RecoveryConfig(), disabled: true, minutesAgo: 0);

        Assert.Contains("/enable", Assert.IsType<RecoveryDecision.None>(decision).Reason);
    }
}
