using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>Rapid-fail protection as the runner counts it: a web garden's workers start side by side, so their failures can be counted at the same moment.</summary>
public sealed class PoolRapidFailTests
{
    [Fact]
    public async Task Two_failures_counted_at_the_same_moment_both_count_and_trip_rapid_fail_protection_once()
    {
        var clock = new RendezvousClock(PoolHarness.Start);
        var pool = PoolHarness.Pool(mode: AppPoolStartMode.OnDemand, processes: 2) with
        {
            Failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 2, AutoShutdownExe = "/usr/local/bin/page-oncall" },
        };
        using var h = new PoolHarness(null, null, clock, pool);
        await h.StartAsync();
        var runner = h.Manager.Find("Shop")!;

        // Both counts read the clock together, as two garden workers failing at once would.
        clock.Arm(readers: 2);
        var counting = new[] { "Shop#1", "Shop#2" }
            .Select(id => Task.Factory.StartNew(() => runner.Fail($"pool Shop worker {id} exited before it was ready"),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var tripped = await Task.WhenAll(counting).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, tripped.Count(t => t));
        Assert.Equal(PoolRouteState.RapidFailed, runner.RouteState);
        Assert.Contains("2 worker failures", Assert.Single(h.EventsNamed(EventName.PoolRapidFailed)).Message);
        Assert.Equal("/usr/local/bin/page-oncall", Assert.Single(h.Launcher.Programs.All).Program);
    }

    [Fact]
    public async Task A_garden_whose_workers_all_exit_before_they_are_ready_trips_rapid_fail_protection_once()
    {
        var pool = PoolHarness.Pool(processes: 2) with
        {
            Failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 2, AutoShutdownExe = "/usr/local/bin/page-oncall" },
        };
        using var h = new PoolHarness(pool);
        h.Probe.AcceptAtOnce = false;

        var starting = h.StartAsync();
        await h.Probe.Probed.WaitAsync(_ => true, skip: 1);
        foreach (var worker in h.Launcher.Launched.All) worker.Process.Exit(1);
        await starting.WaitAsync(TimeSpan.FromSeconds(20));

        await h.TableAsync(p => p.State == PoolRouteState.RapidFailed);
        Assert.Equal(2, h.EventsNamed(EventName.WorkerStartFailed).Count);
        Assert.Single(h.EventsNamed(EventName.PoolRapidFailed));
        Assert.Single(h.Launcher.Programs.All);
        Assert.Equal(2, h.Launcher.Launched.Count);
    }
}
