using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// An alwaysRunning pool whose workers cannot start tries again by itself on a back-off (1 s
/// doubling to 60 s) instead of waiting for a request; a ready worker, `wharf apppool stop` and
/// start, and an apply start the back-off afresh; rapid-fail protection counts each try and, once
/// tripped, ends them. Each delay is read from the clock as it is armed.
/// </summary>
public sealed class AlwaysRunningRetryTests
{
    private const string Missing = "/usr/bin/app: No such file or directory";

    private static AppPoolConfig Pool(int processes = 1) => PoolHarness.Pool(processes: processes) with
    {
        Failure = new AppPoolFailureConfig { RapidFailProtection = false },
    };

    [Fact]
    public async Task An_always_running_pool_whose_worker_cannot_start_tries_again_after_1_2_and_4_s_until_it_is_ready()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        using var h = new PoolHarness(null, null, clock, Pool());
        h.Launcher.Refuse = Missing;

        await h.StartAsync();
        Assert.Equal(1, h.Launcher.Attempts.Count);
        await RetryAfterAsync(h, clock, seconds: 1, attempt: 2);
        await RetryAfterAsync(h, clock, seconds: 2, attempt: 3);
        Assert.Equal(TimeSpan.FromSeconds(4), await clock.Delays.WaitAsync(_ => true, skip: 2));
        h.Launcher.Refuse = null;
        h.Time.Advance(TimeSpan.FromSeconds(4));

        await h.TableAsync(p => PoolHarness.Active(p).Count == 1);
        Assert.Equal(4, h.Launcher.Attempts.Count);
        Assert.Equal(3, h.EventsNamed(EventName.WorkerStartFailed).Count);
        Assert.Equal(["trying again in 1 s", "trying again in 2 s", "trying again in 4 s"],
            h.EventsNamed(EventName.Restarting).Select(e => e.Message![e.Message!.IndexOf("trying", StringComparison.Ordinal)..e.Message.IndexOf(" (", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task A_worker_that_got_ready_starts_the_back_off_afresh_for_its_crashed_replacement()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        using var h = new PoolHarness(null, null, clock, Pool());
        h.Launcher.Refuse = Missing;
        await h.StartAsync();
        await RetryAfterAsync(h, clock, seconds: 1, attempt: 2);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.Delays.WaitAsync(_ => true, skip: 1));
        h.Launcher.Refuse = null;
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.TableAsync(p => PoolHarness.Active(p).Count == 1);
        var armed = clock.Delays.Count;

        h.Launcher.Refuse = Missing;
        h.Launcher.Launched.All.Single().Process.Exit(1);

        // Not 4 s, where the failures before it had left the back-off.
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.Delays.WaitAsync(d => d < TimeSpan.FromMinutes(1), skip: armed));
        Assert.Single(h.EventsNamed(EventName.WorkerCrashed));
    }

    [Fact]
    public async Task Apppool_stop_ends_the_retries_and_apppool_start_and_an_apply_each_begin_them_afresh()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        using var h = new PoolHarness(null, null, clock, Pool());
        h.Launcher.Refuse = Missing;
        await h.StartAsync();
        await RetryAfterAsync(h, clock, seconds: 1, attempt: 2);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.Delays.WaitAsync(_ => true, skip: 1));

        var stop = await h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolStop, Pool = "Shop" }, "test", null);
        Assert.True(stop.Ok, stop.Message);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        // apppool start takes the operation lock a retry would have held: anything it started is counted by then.
        var start = await h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolStart, Pool = "Shop" }, "test", null);

        Assert.False(start.Ok);
        Assert.Contains("No such file or directory; trying again in 1 s", start.Message);
        Assert.Equal(3, h.Launcher.Attempts.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.Delays.WaitAsync(_ => true, skip: 2));
        await RetryAfterAsync(h, clock, seconds: 1, attempt: 4);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.Delays.WaitAsync(_ => true, skip: 3));

        var changed = Pool() with { Program = new WorkerProgramConfig { Command = "/usr/bin/app", Arguments = ["--port-from-env"] } };
        h.Config = new WharfConfig { ApplicationPools = [changed] };
        await h.Manager.ApplyAsync(h.Config);

        await h.Launcher.Attempts.WaitAsync(_ => true, skip: 4);
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.Delays.WaitAsync(_ => true, skip: 4));
    }

    [Fact]
    public async Task Rapid_fail_protection_counts_each_try_and_once_tripped_ends_the_retries()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        var pool = PoolHarness.Pool() with { Failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 3 } };
        using var h = new PoolHarness(null, null, clock, pool);
        h.Launcher.Refuse = Missing;

        await h.StartAsync();
        await RetryAfterAsync(h, clock, seconds: 1, attempt: 2);
        await RetryAfterAsync(h, clock, seconds: 2, attempt: 3);

        await h.TableAsync(p => p.State == PoolRouteState.RapidFailed);
        // The third try held the operation lock until it was done; www's demand waits for it, and starts nothing.
        await h.Report(PoolReportKind.Demand);
        Assert.Equal(2, clock.Delays.Count);
        Assert.Equal(2, h.EventsNamed(EventName.Restarting).Count);
        Assert.Equal(3, h.Launcher.Attempts.Count);
        Assert.Contains("3 worker failures", Assert.Single(h.EventsNamed(EventName.PoolRapidFailed)).Message);
    }

    [Fact]
    public async Task A_garden_whose_workers_all_fail_arms_one_retry_per_round()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        using var h = new PoolHarness(null, null, clock, Pool(processes: 2));
        h.Launcher.Refuse = Missing;

        await h.StartAsync();
        Assert.Equal(2, h.Launcher.Attempts.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], clock.Delays.All);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Launcher.Attempts.WaitAsync(_ => true, skip: 3);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.Delays.WaitAsync(_ => true, skip: 1));
        await h.Report(PoolReportKind.Demand);

        Assert.Equal(2, clock.Delays.Count);
        Assert.Equal(2, h.EventsNamed(EventName.Restarting).Count);
    }

    [Fact]
    public async Task An_on_demand_pool_whose_worker_cannot_start_waits_for_the_next_request()
    {
        var clock = new DelayWatchClock(PoolHarness.Start);
        using var h = new PoolHarness(null, null, clock, PoolHarness.Pool(mode: AppPoolStartMode.OnDemand));
        h.Launcher.Refuse = Missing;
        await h.StartAsync();

        await h.Report(PoolReportKind.Demand);

        Assert.Equal(1, h.Launcher.Attempts.Count);
        Assert.Single(h.EventsNamed(EventName.WorkerStartFailed));
        Assert.Empty(clock.Delays.All);
        Assert.Empty(h.EventsNamed(EventName.Restarting));
    }

    /// <summary>Waits until the retry is armed for <paramref name="seconds"/>, passes that time, and waits for the try it makes.</summary>
    private static async Task RetryAfterAsync(PoolHarness h, DelayWatchClock clock, int seconds, int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), await clock.Delays.WaitAsync(_ => true, skip: attempt - 2));
        h.Time.Advance(TimeSpan.FromSeconds(seconds));
        await h.Launcher.Attempts.WaitAsync(_ => true, skip: attempt - 1);
    }
}
