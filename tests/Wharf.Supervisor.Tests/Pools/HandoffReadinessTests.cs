using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Pools;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// Direct hand-off's readiness: a worker handed sockets is ready when its own endpoint accepts or
/// when it waits on a handed socket; www is told which, since it cannot reach the second kind.
/// </summary>
public sealed class HandoffReadinessTests
{
    private static readonly HandedSocket Site = new("www/127.0.0.1:8080", 9);

    [Fact]
    public async Task A_worker_that_waits_only_on_its_handed_socket_is_ready_and_www_is_told_it_cannot_reach_it()
    {
        using var h = new PoolHarness(PoolHarness.Pool() with { Program = new WorkerProgramConfig { Command = "/usr/bin/app", DirectHandoff = true, WarmupPath = "/warm" } });
        h.Handed = [Site];
        h.Probe.AcceptAtOnce = false;

        await h.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var worker = h.Launcher.Launched.All.Single();
        var probed = Assert.Single(h.Handoff.Probed.All);
        Assert.Equal(worker.Pid, probed.Pid);
        Assert.Equal([Site], probed.Handed);
        // Active at once: www cannot send it the warm-up request, so none is waited for.
        var route = (await h.TableAsync(r => PoolHarness.Active(r).Count == 1)).Single(r => r.Pool == "Shop");
        Assert.True(PoolHarness.Active(route).Single().HandoffOnly);
        Assert.Contains("on its handed socket(s) only", Assert.Single(h.EventsNamed(EventName.WorkerReady)).Message);
        Assert.Empty(h.EventsNamed(EventName.WorkerStartFailed));
    }

    [Fact]
    public async Task A_handed_worker_whose_own_endpoint_accepts_stays_reachable_by_www()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        h.Handed = [Site];
        h.Handoff.TakesAtOnce = false;

        await h.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var route = (await h.TableAsync(r => PoolHarness.Active(r).Count == 1)).Single(r => r.Pool == "Shop");
        Assert.False(PoolHarness.Active(route).Single().HandoffOnly);
    }

    [Fact]
    public async Task A_handed_worker_that_does_neither_within_startupTimeLimit_fails_naming_its_socket()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        h.Handed = [Site];
        h.Probe.AcceptAtOnce = false;
        h.Handoff.TakesAtOnce = false;

        var starting = h.StartAsync();
        await h.Probe.Probed.WaitAsync(_ => true);
        await h.Handoff.Probed.WaitAsync(_ => true);
        h.Time.Advance(TimeSpan.FromSeconds(90));
        await starting.WaitAsync(TimeSpan.FromSeconds(20));

        var failed = Assert.Single(h.EventsNamed(EventName.WorkerStartFailed));
        Assert.Contains("nor waited on its handed socket(s) www/127.0.0.1:8080", failed.Message);
        Assert.Equal(1, h.Launcher.Launched.All.Single().Process.GroupKills);
    }

    [Fact]
    public async Task A_pool_with_no_handed_socket_is_ready_by_its_endpoint_only()
    {
        using var h = new PoolHarness(PoolHarness.Pool());

        await h.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(h.Handoff.Probed.All);
        var route = (await h.TableAsync(r => PoolHarness.Active(r).Count == 1)).Single(r => r.Pool == "Shop");
        Assert.False(PoolHarness.Active(route).Single().HandoffOnly);
    }

    [Fact]
    public async Task A_hand_off_only_worker_is_recorded_so_and_stays_so_when_adopted_after_a_reboot()
    {
        var pool = PoolHarness.Pool();
        var saved = new FakeWorkerRecords();
        using (var h = new PoolHarness(null, saved, pool))
        {
            h.Handed = [Site];
            h.Probe.AcceptAtOnce = false;
            await h.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await h.TableAsync(r => PoolHarness.Active(r).Count == 1);
        }
        var record = Assert.Single(saved.Saved);
        Assert.True(record.HandoffOnly);

        var records = new FakeWorkerRecords();
        records.Left.Add(record with { Generation = PoolGeneration.Of(pool) });
        records.Alive[record.Pid] = new FakeProcess(record.Pid);
        using var next = new PoolHarness(null, records, pool);
        await next.Manager.StartAsync(next.Config, afterReboot: true);

        var route = (await next.TableAsync(r => PoolHarness.Active(r).Count == 1)).Single(r => r.Pool == "Shop");
        Assert.True(PoolHarness.Active(route).Single().HandoffOnly);
    }
}
