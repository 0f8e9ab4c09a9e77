using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Tests;

public sealed class ProcessLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_exit_that_was_asked_for_is_stopped_and_no_failure()
    {
        Assert.Equal(new ExitVerdict(EventName.Stopped, null, false), ProcessLifecycle.OnExit(true, null, new ProcessExit(0, null)));
    }

    [Fact]
    public void An_exit_nobody_asked_for_is_a_crash_naming_how_it_ended()
    {
        var verdict = ProcessLifecycle.OnExit(false, null, new ProcessExit(null, 11));

        Assert.Equal(EventName.Crashed, verdict.Event);
        Assert.True(verdict.Failed);
        Assert.Equal("ended unexpectedly (killed by SIGSEGV)", verdict.Message);
    }

    [Fact]
    public void A_kill_says_why_and_is_a_failure_only_when_the_process_was_not_leaving()
    {
        var hung = ProcessLifecycle.OnExit(false, "hung: no answer to 3 pings", new ProcessExit(null, 9));
        var atDeadline = ProcessLifecycle.OnExit(true, "still running at the 20 s deadline", new ProcessExit(null, 9));

        Assert.Equal(new ExitVerdict(EventName.Killed, "hung: no answer to 3 pings", true), hung);
        Assert.Equal(new ExitVerdict(EventName.Killed, "still running at the 20 s deadline", false), atDeadline);
    }

    [Fact]
    public void A_first_failure_waits_to_restart_after_the_delay()
    {
        var (history, step) = ProcessLifecycle.OnFailure(FailureHistory.Empty, new RecoveryConfig { RestartDelay = TimeSpan.FromSeconds(2) }, T0, T0.AddMinutes(-1), false, "pid 7 crashed");

        Assert.Equal(ServiceState.WaitingToRestart, step.State);
        Assert.Equal(EventName.Restarting, step.Event);
        Assert.Equal(new RecoveryEffect.ScheduleStart(TimeSpan.FromSeconds(2), "recovered"), step.Effect);
        Assert.StartsWith("pid 7 crashed; restarting in 2 s", step.Message);
        Assert.Single(history.Failures);
    }

    [Fact]
    public void Rapid_failures_put_the_service_in_failed_with_a_retry_after_the_backoff()
    {
        var policy = new RecoveryConfig();
        var history = FailureHistory.Empty;
        RecoveryStep step = null!;
        for (var i = 0; i < policy.RapidFail.MaxFailures; i++)
            (history, step) = ProcessLifecycle.OnFailure(history, policy, T0.AddSeconds(i), null, false, $"failure {i}");

        Assert.Equal(ServiceState.Failed, step.State);
        Assert.Equal(EventName.Failed, step.Event);
        Assert.Equal(new RecoveryEffect.ScheduleStart(policy.RapidFail.RetryBackoff, "retried after failing"), step.Effect);
    }

    [Fact]
    public void A_run_action_runs_the_program_and_leaves_the_event_to_its_outcome()
    {
        var policy = new RecoveryConfig { FirstFailure = RecoveryAction.Run, Program = "/bin/true" };

        var (_, step) = ProcessLifecycle.OnFailure(FailureHistory.Empty, policy, T0, null, false, "pid 7 crashed");

        Assert.Equal(ServiceState.Stopped, step.State);
        Assert.Null(step.Event);
        Assert.Equal(new RecoveryEffect.RunProgram("/bin/true", 1), step.Effect);
    }

    [Fact]
    public void With_automatic_restart_off_nothing_is_done_and_it_says_why()
    {
        var (_, step) = ProcessLifecycle.OnFailure(FailureHistory.Empty, new RecoveryConfig(), T0, null, true, "pid 7 crashed");

        Assert.Equal(ServiceState.Stopped, step.State);
        Assert.Equal(EventName.NotRestarted, step.Event);
        Assert.IsType<RecoveryEffect.Nothing>(step.Effect);
        Assert.Contains("wharf reset /enable", step.Message);
    }
}
