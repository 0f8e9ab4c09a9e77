using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;

namespace Wharf.Supervisor.Tests;

/// <summary>Whole sequences of failures on a fake clock: what the supervisor decides at each.</summary>
public sealed class FailureHistoryTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private FailureHistory _history = FailureHistory.Empty;

    private RecoveryDecision Fail(RecoveryConfig? policy = null, TimeSpan? ranFor = null)
    {
        var now = _clock.GetUtcNow();
        (_history, var decision) = _history.Record(policy ?? new RecoveryConfig(), now, now - (ranFor ?? TimeSpan.FromSeconds(1)), automaticRestartDisabled: false);
        return decision;
    }

    [Fact]
    public void A_crash_loop_trips_rapid_fail_on_the_fifth_failure_and_each_retry_doubles_the_backoff()
    {
        for (var i = 1; i <= 4; i++)
        {
            Assert.IsType<RecoveryDecision.Restart>(Fail());
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<RecoveryDecision.Failed>(Fail()).RetryAfter);

        // Retried after the back-off, it crashes at once: Failed again, twice as long.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<RecoveryDecision.Failed>(Fail()).RetryAfter);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(4), Assert.IsType<RecoveryDecision.Failed>(Fail()).RetryAfter);
    }

    [Fact]
    public void Failures_that_leave_the_window_stop_counting_towards_rapid_fail()
    {
        for (var i = 0; i < 4; i++) Fail();
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.IsType<RecoveryDecision.Restart>(Fail());
        Assert.Single(_history.Failures, f => f > _clock.GetUtcNow() - TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void A_process_that_ran_through_a_whole_window_starts_the_backoff_from_one_minute_again()
    {
        for (var i = 0; i < 5; i++) Fail();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Fail();
        Assert.Equal(2, _history.FailedRetries);

        // Back up, it serves for ten minutes, then falls over once: a plain restart, no memory of the back-off.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.IsType<RecoveryDecision.Restart>(Fail(ranFor: TimeSpan.FromMinutes(10)));
        Assert.Equal(0, _history.FailedRetries);
    }

    [Fact]
    public void The_fail_count_for_first_second_and_subsequent_actions_resets_after_a_quiet_period()
    {
        var policy = new RecoveryConfig
        {
            SecondFailure = RecoveryAction.Run,
            Program = "/bin/true",
            ResetFailCountAfter = TimeSpan.FromHours(1),
            RapidFail = new RapidFailConfig { MaxFailures = 100 },
        };

        Assert.Equal(1, Assert.IsType<RecoveryDecision.Restart>(Fail(policy)).FailCount);
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(2, Assert.IsType<RecoveryDecision.RunProgram>(Fail(policy)).FailCount);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, Assert.IsType<RecoveryDecision.Restart>(Fail(policy)).FailCount);
    }

    [Fact]
    public void Memory_of_failures_is_bounded_by_the_longer_of_the_two_windows()
    {
        var policy = new RecoveryConfig { ResetFailCountAfter = TimeSpan.FromMinutes(10), RapidFail = new RapidFailConfig { MaxFailures = 1000 } };
        for (var i = 0; i < 30; i++)
        {
            Fail(policy);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.InRange(_history.Failures.Count, 10, 11);
    }

    [Fact]
    public void Without_the_backoff_keeps_the_failures_but_forgets_the_retries()
    {
        for (var i = 0; i < 5; i++) Fail();

        var restarted = _history.WithoutBackoff();

        Assert.Equal(0, restarted.FailedRetries);
        Assert.Equal(5, restarted.Failures.Count);
    }
}
