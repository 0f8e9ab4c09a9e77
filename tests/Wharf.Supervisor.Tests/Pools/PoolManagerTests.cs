using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>The pools as a whole: configuration applies, `wharf reset`, /reboot adoption and the sweep after a crash.</summary>
public sealed class PoolManagerTests
{
    [Fact]
    public async Task A_changed_pool_is_recycled_onto_its_new_configuration()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var changed = PoolHarness.Pool() with { QueueLength = 50 };
        h.Config = h.Config with { ApplicationPools = [changed] };

        await h.Manager.ApplyAsync(h.Config);

        await h.TableAsync(p => PoolHarness.Active(p).Select(w => w.Id).SequenceEqual(["Shop#2"]));
        Assert.Contains("configuration changed", Assert.Single(h.EventsNamed(EventName.WorkerRecycled)).Message);
        Assert.Equal(PoolGeneration.Of(changed), h.Manager.Find("Shop")!.Workers().Single(w => w.Id == "Shop#2").Generation);
    }

    [Fact]
    public async Task With_disallowRotationOnConfigChange_a_change_keeps_the_workers()
    {
        var pool = PoolHarness.Pool() with { Recycling = new AppPoolRecyclingConfig { DisallowRotationOnConfigChange = true } };
        using var h = new PoolHarness(pool);
        await h.StartAsync();
        h.Config = h.Config with { ApplicationPools = [pool with { QueueLength = 50 }] };

        await h.Manager.ApplyAsync(h.Config);

        Assert.Equal(1, h.Launcher.Launched.Count);
        Assert.Empty(h.EventsNamed(EventName.WorkerRecycled));
    }

    [Fact]
    public async Task A_pool_set_stopped_drains_its_workers_and_www_is_told_it_is_stopped_then_started_again()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);

        h.Config = h.Config with { ApplicationPools = [PoolHarness.Pool() with { State = AppPoolState.Stopped }] };
        await h.Manager.ApplyAsync(h.Config);
        await h.Terminated.WaitAsync(t => t.Pid == worker.Pid);
        var stopped = await h.TableAsync(p => p.State == PoolRouteState.Stopped);
        Assert.Contains("configuration", stopped.Single().Reason);

        h.Config = h.Config with { ApplicationPools = [PoolHarness.Pool()] };
        await h.Manager.ApplyAsync(h.Config);
        await h.TableAsync(p => p.State == PoolRouteState.Running && PoolHarness.Active(p).Any(w => w.Id == "Shop#2"));
    }

    [Fact]
    public async Task A_removed_pool_leaves_the_table_and_its_workers_drain_and_an_added_one_starts()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);

        h.Config = h.Config with { ApplicationPools = [PoolHarness.Pool("Blog")] };
        await h.Manager.ApplyAsync(h.Config);

        await h.Terminated.WaitAsync(t => t.Pid == worker.Pid);
        await h.Www.Tables.WaitAsync(t => t.Count == 1 && t[0].Pool == "Blog" && PoolHarness.Active(t[0]).Count == 1);
        Assert.Null(h.Manager.Find("Shop"));
    }

    [Fact]
    public async Task A_pool_without_a_program_is_in_status_with_no_worker_and_never_in_the_table()
    {
        using var h = new PoolHarness(PoolHarness.Pool(), new AppPoolConfig { Name = "DefaultAppPool" });
        h.Www.Figures = new System.Text.Json.Nodes.JsonObject
        {
            ["workers"] = new System.Text.Json.Nodes.JsonObject { ["Shop#1"] = new System.Text.Json.Nodes.JsonObject { ["served"] = 42, ["inFlight"] = 3 } },
            ["pools"] = new System.Text.Json.Nodes.JsonObject { ["Shop"] = new System.Text.Json.Nodes.JsonObject { ["queue"] = 7 } },
        };
        await h.StartAsync();

        var status = await h.Manager.StatusAsync(null);

        Assert.Equal(["Shop"], h.Manager.Table().Select(p => p.Pool));
        var none = status.Single(p => p.Name == "DefaultAppPool");
        Assert.False(none.HasWorkers);
        Assert.Empty(none.Workers);
        var shop = status.Single(p => p.Name == "Shop");
        Assert.Equal(7, shop.QueueLength);
        var worker = shop.Workers.Single();
        Assert.Equal((42L, 3L), (worker.RequestsServed, worker.RequestsInFlight));
        Assert.Equal(WorkerState.Active, worker.State);
    }

    [Fact]
    public async Task A_reset_restart_recycles_the_pools_and_with_noforce_a_worker_still_running_at_the_timeout_is_left_and_named()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var old = await h.Launcher.Launched.WaitAsync(_ => true);
        old.ExitsOnTerm = false;

        var restarting = h.Manager.RestartAllAsync(TimeSpan.FromSeconds(5), force: false, (_, _, _) => { }, "test");
        await h.Terminated.WaitAsync(t => t.Pid == old.Pid);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var outcome = await restarting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(outcome.Ok);
        Assert.Contains($"pid {old.Pid}", outcome.Message);
        Assert.Contains("/noforce", outcome.Message);
        Assert.Equal(0, old.Process.GroupKills);
        Assert.Contains("wharf reset", Assert.Single(h.EventsNamed(EventName.WorkerRecycled)).Message);
        Assert.Equal(["Shop#2"], PoolHarness.Active(h.Manager.Table().Single()).Select(w => w.Id));
        var seen = h.Www.Tables.Count;
        old.Process.Exit(0);
        // Its end is handled (event, records, table) before the harness removes its folder.
        await h.TableAsync(p => p.Workers.All(w => w.Pid != old.Pid), skip: seen);
    }

    [Fact]
    public async Task A_reset_stop_drains_every_worker_and_start_brings_the_always_running_pools_back()
    {
        using var h = new PoolHarness(PoolHarness.Pool(), PoolHarness.Pool("Blog", AppPoolStartMode.OnDemand));
        await h.StartAsync();

        var stopped = await h.Manager.StopAllAsync(TimeSpan.FromSeconds(60), force: true, (_, _, _) => { }, "test");
        Assert.True(stopped.Ok, stopped.Message);
        Assert.All(h.Manager.Table(), p => Assert.Equal(PoolRouteState.Stopped, p.State));
        var seen = h.Www.Tables.Count;

        var started = await h.Manager.StartAllAsync("test");

        Assert.True(started.Ok, started.Message);
        await h.TableAsync(p => p.State == PoolRouteState.Running && PoolHarness.Active(p).Count == 1, skip: seen);
        Assert.Equal(PoolRouteState.Running, h.Manager.Table().Single(p => p.Pool == "Blog").State);
        Assert.Equal(2, h.Launcher.Launched.Count);
    }

    [Fact]
    public async Task After_a_reboot_the_recorded_workers_are_adopted_not_swept_and_one_on_an_older_configuration_is_recycled()
    {
        var records = new FakeWorkerRecords();
        var pool = PoolHarness.Pool(processes: 2);
        var current = new WorkerRecord("Shop#7", "Shop", 4001, 1, "unix:/run/a.sock", "wharf-pool-shop", DateTimeOffset.UnixEpoch, [], PoolGeneration.Of(pool));
        var stale = current with { Id = "Shop#8", Pid = 4002, Generation = "older" };
        records.Left.AddRange([current, stale]);
        records.Alive[4001] = new FakeProcess(4001);
        records.Alive[4002] = new FakeProcess(4002);
        using var h = new PoolHarness(null, records, pool);

        await h.Manager.StartAsync(h.Config, afterReboot: true);

        Assert.Empty(records.Ended);
        Assert.Equal(2, h.EventsNamed(EventName.WorkerAdopted).Count);
        await h.TableAsync(p => PoolHarness.Active(p).Select(w => w.Id).Order().SequenceEqual(["Shop#7", "Shop#9"]));
        Assert.Equal("Shop#9", (await h.Launcher.Launched.WaitAsync(_ => true)).Id);
        Assert.Contains(records.Saved, r => r.Id == "Shop#9");
    }

    [Fact]
    public async Task A_start_that_is_not_a_reboot_ends_what_the_records_list()
    {
        var records = new FakeWorkerRecords();
        records.Left.Add(new WorkerRecord("Shop#1", "Shop", 4001, 1, "unix:/run/a.sock", "wharf-pool-shop", DateTimeOffset.UnixEpoch, [], "x"));
        using var h = new PoolHarness(null, records, PoolHarness.Pool(mode: AppPoolStartMode.OnDemand));

        await h.Manager.StartAsync(h.Config, afterReboot: false);

        Assert.Equal(4001, Assert.Single(Assert.Single(records.Ended)).Pid);
        Assert.Equal(4001, Assert.Single(h.EventsNamed(EventName.WorkerSwept)).Pid);
    }
}
