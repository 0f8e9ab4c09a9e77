using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// The pool runner's decisions over fake workers on a fake clock: when workers start, when they
/// count as ready, the order of an overlapped recycle, what a crash, an unhealthy or idle report
/// and a deadline lead to, and rapid-fail protection.
/// </summary>
public sealed class PoolRunnerTests
{
    [Fact]
    public async Task An_always_running_pool_starts_its_whole_garden_and_www_is_told_each_worker_is_active()
    {
        using var h = new PoolHarness(PoolHarness.Pool(processes: 3));

        await h.StartAsync();

        var table = await h.TableAsync(p => PoolHarness.Active(p).Count == 3);
        var route = table.Single();
        Assert.Equal(PoolRouteState.Running, route.State);
        Assert.Equal(["Shop#1", "Shop#2", "Shop#3"], route.Workers.Select(w => w.Id).Order());
        Assert.Equal(3, h.EventsNamed(EventName.WorkerReady).Count);
    }

    [Fact]
    public async Task An_on_demand_pool_starts_no_worker_until_www_asks_and_then_its_garden()
    {
        using var h = new PoolHarness(PoolHarness.Pool(mode: AppPoolStartMode.OnDemand, processes: 2));
        await h.StartAsync();
        Assert.Equal(0, h.Launcher.Launched.Count);

        await h.Report(PoolReportKind.Demand);

        Assert.Equal(2, h.Launcher.Launched.Count);
        await h.TableAsync(p => PoolHarness.Active(p).Count == 2);
    }

    [Fact]
    public async Task A_worker_that_does_not_accept_within_startupTimeLimit_is_killed_and_counted_as_a_failure()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        h.Probe.AcceptAtOnce = false;

        var starting = h.StartAsync();
        await h.Probe.Probed.WaitAsync(_ => true);
        h.Time.Advance(TimeSpan.FromSeconds(90));
        await starting.WaitAsync(TimeSpan.FromSeconds(20));

        var worker = h.Launcher.Launched.All.Single();
        Assert.Equal(1, worker.Process.GroupKills);
        var failed = Assert.Single(h.EventsNamed(EventName.WorkerStartFailed));
        Assert.Contains("did not accept a connection", failed.Message);
        Assert.Contains("Shop#1", failed.Message);
        var status = (await h.Manager.StatusAsync(null)).Single();
        Assert.Equal(1, status.RecentFailures);
        Assert.Empty(h.Manager.Table().Single().Workers);
    }

    [Fact]
    public async Task An_overlapped_recycle_has_the_new_worker_active_before_the_old_one_drains_or_is_told_to_stop()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var old = await h.Launcher.Launched.WaitAsync(_ => true);

        var reply = await h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolRecycle, Pool = "Shop" }, "test", null);

        Assert.True(reply.Ok, reply.Message);
        var tables = h.Www.Tables.All;
        var firstDraining = tables.ToList().FindIndex(t => t.Single().Workers.Any(w => w.Id == old.Id && w.Role == WorkerRole.Draining));
        Assert.True(firstDraining > 0, "the old worker is drained after a recycle");
        Assert.Contains(tables.Take(firstDraining), t => PoolHarness.Active(t.Single()).Select(w => w.Id).Order().SequenceEqual(["Shop#1", "Shop#2"]));
        var term = await h.Terminated.WaitAsync(t => t.Pid == old.Pid);
        Assert.Equal(2, term.LaunchesBefore);
        var recycled = Assert.Single(h.EventsNamed(EventName.WorkerRecycled));
        Assert.Contains("on demand", recycled.Message);
        Assert.Equal(["Shop#2"], PoolHarness.Active(h.Manager.Table().Single()).Select(w => w.Id));
    }

    [Fact]
    public async Task Disallowing_overlapping_rotation_stops_the_old_worker_before_the_new_one_is_launched()
    {
        using var h = new PoolHarness(PoolHarness.Pool() with { Recycling = new AppPoolRecyclingConfig { DisallowOverlappingRotation = true } });
        await h.StartAsync();
        var old = await h.Launcher.Launched.WaitAsync(_ => true);

        var reply = await h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolRecycle, Pool = "Shop" }, "test", null);

        Assert.True(reply.Ok, reply.Message);
        Assert.Equal(1, (await h.Terminated.WaitAsync(t => t.Pid == old.Pid)).LaunchesBefore);
        await h.TableAsync(p => PoolHarness.Active(p).Select(w => w.Id).SequenceEqual(["Shop#2"]));
    }

    [Fact]
    public async Task A_crash_names_the_requests_the_worker_was_serving_and_an_always_running_pool_replaces_it()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);
        h.Www.InFlight["Shop#1"] = [new InFlightRequest { Method = "POST", Url = "/checkout?id=7", ElapsedMs = 1500, Client = "192.0.2.4:51000" }];

        worker.Process.Exit(134);

        await h.TableAsync(p => PoolHarness.Active(p).Any(w => w.Id == "Shop#2"));
        var crashed = Assert.Single(h.EventsNamed(EventName.WorkerCrashed));
        Assert.Contains("POST /checkout?id=7 from 192.0.2.4:51000", crashed.Message);
        Assert.Contains("exit code 134", crashed.Message);
        Assert.Equal(worker.Pid, crashed.Pid);
        Assert.Equal(134, crashed.ExitCode);
    }

    [Fact]
    public async Task Rapid_fail_protection_stops_the_pool_at_maxCrashes_runs_autoShutdownExe_and_apppool_start_clears_it()
    {
        var pool = PoolHarness.Pool() with
        {
            Failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 3, AutoShutdownExe = "/usr/local/bin/page-oncall", AutoShutdownParams = "%1% down" },
        };
        using var h = new PoolHarness(pool);
        await h.StartAsync();

        for (var i = 1; i <= 3; i++)
        {
            var worker = await h.Launcher.Launched.WaitAsync(w => w.Id == $"Shop#{i}");
            await h.TableAsync(p => PoolHarness.Active(p).Any(w => w.Id == worker.Id));
            worker.Process.Exit(1);
        }

        var table = await h.TableAsync(p => p.State == PoolRouteState.RapidFailed);
        Assert.Contains("3 worker failures", table.Single().Reason);
        Assert.Equal(3, h.Launcher.Launched.Count);
        var program = await h.Launcher.Programs.WaitAsync(_ => true);
        Assert.Equal("/usr/local/bin/page-oncall", program.Program);
        Assert.Equal(["Shop", "down"], program.Arguments);
        Assert.Contains("rapid-fail protection", Assert.Single(h.EventsNamed(EventName.PoolRapidFailed)).Message);

        // www's demand does not start a worker of a rapid-failed pool; an administrator's start does.
        await h.Report(PoolReportKind.Demand);
        Assert.Equal(3, h.Launcher.Launched.Count);
        var reply = await h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolStart, Pool = "Shop" }, "test", null);
        Assert.True(reply.Ok, reply.Message);
        Assert.Equal(PoolRouteState.Running, reply.Pools!.Single().State);
        await h.TableAsync(p => p.State == PoolRouteState.Running && PoolHarness.Active(p).Any(w => w.Id == "Shop#4"));
    }

    [Fact]
    public async Task A_rapid_failed_pool_starts_again_by_itself_after_rapidFailRestartAfter()
    {
        var pool = PoolHarness.Pool() with
        {
            Failure = new AppPoolFailureConfig { RapidFailProtectionMaxCrashes = 1, RapidFailRestartAfter = TimeSpan.FromMinutes(10) },
        };
        using var h = new PoolHarness(pool);
        await h.StartAsync();
        (await h.Launcher.Launched.WaitAsync(_ => true)).Process.Exit(1);
        var tripped = await h.TableAsync(p => p.State == PoolRouteState.RapidFailed);
        Assert.Equal(600, tripped.Single().RetryAfterSeconds);

        var seen = h.Www.Tables.Count;
        h.Time.Advance(TimeSpan.FromMinutes(10));

        await h.TableAsync(p => p.State == PoolRouteState.Running && PoolHarness.Active(p).Count == 1, skip: seen);
        Assert.Equal(2, h.Launcher.Launched.Count);
    }

    [Fact]
    public async Task A_worker_that_ignores_SIGTERM_is_killed_at_shutdownTimeLimit_and_the_event_names_what_it_served()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);
        worker.ExitsOnTerm = false;
        h.Www.InFlight["Shop#1"] = [new InFlightRequest { Method = "GET", Url = "/report", ElapsedMs = 95000, Client = "198.51.100.2:4000" }];

        var stopping = h.Manager.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolStop, Pool = "Shop" }, "test", null);
        await h.Terminated.WaitAsync(t => t.Pid == worker.Pid);
        await h.TableAsync(p => p.State == PoolRouteState.Stopped && p.Workers.Single().Role == WorkerRole.Draining);
        Assert.Equal(0, worker.Process.GroupKills);
        h.Time.Advance(TimeSpan.FromSeconds(90));
        var reply = await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, worker.Process.GroupKills);
        Assert.True(reply.Forced, reply.Message);
        var killed = Assert.Single(h.EventsNamed(EventName.WorkerKilled));
        Assert.Contains("GET /report from 198.51.100.2:4000", killed.Message);
        Assert.Contains("90 s", killed.Message);
    }

    [Fact]
    public async Task An_unhealthy_worker_is_killed_counted_and_replaced()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);

        await h.Report(PoolReportKind.Unhealthy, "Shop#1", detail: "GET / timed out after 90 s");

        Assert.Equal(1, worker.Process.GroupKills);
        Assert.Contains("timed out", Assert.Single(h.EventsNamed(EventName.WorkerUnhealthy)).Message);
        await h.TableAsync(p => PoolHarness.Active(p).Select(w => w.Id).SequenceEqual(["Shop#2"]));
        Assert.Equal(1, (await h.Manager.StatusAsync(null)).Single().RecentFailures);
    }

    [Fact]
    public async Task With_orphanWorkerProcess_an_unhealthy_worker_stays_alive_out_of_rotation_and_orphanActionExe_gets_its_pid()
    {
        var pool = PoolHarness.Pool() with { Failure = new AppPoolFailureConfig { OrphanWorkerProcess = true, OrphanActionExe = "/usr/bin/gcore", OrphanActionParams = "-o /tmp/core %1%" } };
        using var h = new PoolHarness(pool);
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);

        await h.Report(PoolReportKind.Unhealthy, "Shop#1", detail: "500 from /");

        Assert.Equal(0, worker.Process.GroupKills);
        Assert.False(worker.Process.Exited.IsCompleted);
        var program = await h.Launcher.Programs.WaitAsync(_ => true);
        Assert.Equal(["-o", "/tmp/core", worker.Pid.ToString()], program.Arguments);
        await h.TableAsync(p => p.Workers.Select(w => w.Id).SequenceEqual(["Shop#2"]));
        var status = (await h.Manager.StatusAsync(null)).Single();
        Assert.Equal(WorkerState.Orphaned, status.Workers.Single(w => w.Id == "Shop#1").State);
        Assert.Single(h.EventsNamed(EventName.WorkerOrphaned));
    }

    [Fact]
    public async Task Idle_terminates_the_workers_and_the_next_demand_starts_new_ones()
    {
        using var h = new PoolHarness(PoolHarness.Pool(mode: AppPoolStartMode.OnDemand, processes: 2));
        await h.StartAsync();
        await h.Report(PoolReportKind.Demand);
        var seen = h.Www.Tables.Count;

        await h.Report(PoolReportKind.Idle);

        Assert.Equal(2, h.Terminated.Count);
        Assert.Equal(2, h.EventsNamed(EventName.WorkerIdle).Count);
        await h.TableAsync(p => p.Workers.Count == 0, skip: seen);
        await h.Report(PoolReportKind.Demand);
        Assert.Equal(4, h.Launcher.Launched.Count);
    }

    [Fact]
    public async Task Idle_with_suspend_freezes_the_workers_and_the_next_demand_thaws_them_without_a_new_process()
    {
        using var h = new PoolHarness(new FakeCgroups(canFreeze: true),
            PoolHarness.Pool(mode: AppPoolStartMode.OnDemand) with { ProcessModel = new AppPoolProcessModelConfig { IdleTimeoutAction = IdleTimeoutAction.Suspend } });
        await h.StartAsync();
        await h.Report(PoolReportKind.Demand);

        await h.Report(PoolReportKind.Idle);

        Assert.True(h.Cgroups!.Created.Single().Frozen);
        Assert.Equal(WorkerRole.Suspended, h.Manager.Table().Single().Workers.Single().Role);
        Assert.Single(h.EventsNamed(EventName.WorkerSuspended));
        await h.Report(PoolReportKind.Demand);
        Assert.False(h.Cgroups.Created.Single().Frozen);
        Assert.Equal(WorkerRole.Active, h.Manager.Table().Single().Workers.Single().Role);
        Assert.Equal(1, h.Launcher.Launched.Count);
    }

    [Fact]
    public async Task Idle_with_suspend_where_the_machine_cannot_freeze_terminates_and_says_so()
    {
        using var h = new PoolHarness(new FakeCgroups(canFreeze: false),
            PoolHarness.Pool(mode: AppPoolStartMode.OnDemand) with { ProcessModel = new AppPoolProcessModelConfig { IdleTimeoutAction = IdleTimeoutAction.Suspend } });
        await h.StartAsync();
        await h.Report(PoolReportKind.Demand);

        await h.Report(PoolReportKind.Idle);

        Assert.Contains("could not be suspended", Assert.Single(h.EventsNamed(EventName.WorkerIdle)).Message);
        Assert.Equal(1, h.Terminated.Count);
    }

    [Fact]
    public async Task A_warming_worker_takes_requests_only_once_www_says_it_warmed_up()
    {
        using var h = new PoolHarness(PoolHarness.Pool() with { Program = new WorkerProgramConfig { Command = "/usr/bin/app", WarmupPath = "/warm" } });

        var starting = h.StartAsync();
        await h.TableAsync(p => p.Workers.SingleOrDefault()?.Role == WorkerRole.Warming);
        Assert.False(starting.IsCompleted);
        await h.Report(PoolReportKind.Warmed, "Shop#1");
        await starting.WaitAsync(TimeSpan.FromSeconds(20));

        await h.TableAsync(p => PoolHarness.Active(p).Count == 1);
    }

    [Fact]
    public async Task A_failed_warm_up_is_a_start_failure_and_the_worker_is_killed()
    {
        using var h = new PoolHarness(PoolHarness.Pool() with { Program = new WorkerProgramConfig { Command = "/usr/bin/app", WarmupPath = "/warm" } });

        var starting = h.StartAsync();
        await h.TableAsync(p => p.Workers.SingleOrDefault()?.Role == WorkerRole.Warming);
        await h.Report(PoolReportKind.WarmFailed, "Shop#1", detail: "503 from /warm");
        await starting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, h.Launcher.Launched.All.Single().Process.GroupKills);
        Assert.Contains("503 from /warm", Assert.Single(h.EventsNamed(EventName.WorkerStartFailed)).Message);
    }

    [Theory]
    [InlineData(PoolReportKind.RequestsReached, "periodicRestart.requests")]
    [InlineData(PoolReportKind.WorkerAsked, "Wharf-Recycle")]
    public async Task Www_reports_recycle_the_worker_named_with_their_reason(PoolReportKind kind, string reason)
    {
        using var h = new PoolHarness(PoolHarness.Pool(processes: 2));
        await h.StartAsync();

        await h.Report(kind, "Shop#2");

        Assert.Contains(reason, Assert.Single(h.EventsNamed(EventName.WorkerRecycled)).Message);
        Assert.Equal(["Shop#1", "Shop#3"], PoolHarness.Active(h.Manager.Table().Single()).Select(w => w.Id).Order());
    }

    [Fact]
    public async Task Offline_stops_the_workers_and_starts_none_until_online()
    {
        using var h = new PoolHarness(PoolHarness.Pool());
        await h.StartAsync();
        var started = h.Www.Tables.Count;

        await h.Report(PoolReportKind.Offline, detail: "/srv/shop/app_offline.htm appeared");
        await h.Report(PoolReportKind.Demand);

        Assert.Equal(1, h.Launcher.Launched.Count);
        Assert.Single(h.EventsNamed(EventName.PoolOffline));
        await h.TableAsync(p => p.Workers.Count == 0, skip: started);
        var seen = h.Www.Tables.Count;
        await h.Report(PoolReportKind.Online);
        Assert.Single(h.EventsNamed(EventName.PoolOnline));
        await h.TableAsync(p => PoolHarness.Active(p).Any(w => w.Id == "Shop#2"), skip: seen);
    }

    [Fact]
    public async Task Periodic_restart_recycles_each_worker_of_a_garden_at_its_share_of_the_time()
    {
        var pool = PoolHarness.Pool(processes: 2) with
        {
            Recycling = new AppPoolRecyclingConfig { PeriodicRestart = new PeriodicRestartConfig { Time = TimeSpan.FromHours(4) } },
        };
        using var h = new PoolHarness(pool);
        await h.StartAsync();
        var slot0 = h.Manager.Find("Shop")!.Workers().Single(w => w.Slot == 0).Id;

        h.Time.Advance(TimeSpan.FromHours(2));
        var first = await h.Www.Tables.WaitAsync(t => t.Single().Workers.Any(w => w.Id == slot0 && w.Role == WorkerRole.Draining));
        Assert.Equal(3, h.Launcher.Launched.Count);

        var seen = h.Www.Tables.Count;
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Www.Tables.WaitAsync(t => t.Single().Workers.Count(w => w.Role == WorkerRole.Active) == 2 && t.Single().Workers.Any(w => w.Id == "Shop#4"), seen);
        Assert.Equal(4, h.Launcher.Launched.Count);
        Assert.All(h.EventsNamed(EventName.WorkerRecycled), e => Assert.Contains("periodicRestart.time", e.Message));
    }

    [Fact]
    public async Task A_scheduled_time_recycles_every_worker()
    {
        var pool = PoolHarness.Pool() with
        {
            Recycling = new AppPoolRecyclingConfig { PeriodicRestart = new PeriodicRestartConfig { Time = TimeSpan.Zero, Schedule = ["10:30"] } },
        };
        using var h = new PoolHarness(pool);
        await h.StartAsync();

        h.Time.Advance(TimeSpan.FromMinutes(30));

        // The recycle's event is written before its new worker is launched.
        await h.Launcher.Launched.WaitAsync(w => w.Id == "Shop#2");
        Assert.Contains("at 10:30", Assert.Single(h.EventsNamed(EventName.WorkerRecycled)).Message);
    }

    [Fact]
    public async Task The_resource_watch_is_fed_each_second_and_its_lever_and_recycle_are_carried_out()
    {
        using var h = new PoolHarness(new FakeCgroups(canFreeze: false), PoolHarness.Pool());
        var fired = 0;
        h.Observe = (id, sample) => id == "Shop#1" && Interlocked.Increment(ref fired) == 1
            ?
            [
                new Wharf.Supervisor.Pools.Resources.ResourceAction(Wharf.Supervisor.Pools.Resources.ResourceActionKind.CapCpu, EventName.CpuLimitExceeded, "over 50 %") { Amount = 0.5 },
                new Wharf.Supervisor.Pools.Resources.ResourceAction(Wharf.Supervisor.Pools.Resources.ResourceActionKind.Recycle, EventName.MemoryLimitExceeded, $"{sample.PrivateMemoryBytes} bytes private") { Reason = RecycleReason.PrivateMemory },
            ]
            : [];
        await h.StartAsync();

        h.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Launcher.Launched.WaitAsync(w => w.Id == "Shop#2");
        Assert.Equal(0.5, h.Cgroups!.Created.Single(c => c.WorkerId == "Shop#1").CpuCap);
        Assert.Contains("10485760 bytes private", Assert.Single(h.EventsNamed(EventName.MemoryLimitExceeded)).Message);
        Assert.Single(h.EventsNamed(EventName.CpuLimitExceeded));
        Assert.Contains("private memory", Assert.Single(h.EventsNamed(EventName.WorkerRecycled)).Message);
    }

    [Fact]
    public async Task A_kill_from_the_resource_watch_names_what_the_worker_served_and_an_always_running_pool_gets_another()
    {
        using var h = new PoolHarness(new FakeCgroups(canFreeze: false), PoolHarness.Pool());
        h.Observe = (id, _) => id == "Shop#1"
            ? [new Wharf.Supervisor.Pools.Resources.ResourceAction(Wharf.Supervisor.Pools.Resources.ResourceActionKind.Kill, EventName.CpuLimitExceeded, "cpu.action killW3wp")]
            : [];
        h.Www.InFlight["Shop#1"] = [new InFlightRequest { Method = "GET", Url = "/spin", ElapsedMs = 60000, Client = "192.0.2.1:1" }];
        await h.StartAsync();
        var worker = await h.Launcher.Launched.WaitAsync(_ => true);

        h.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Launcher.Launched.WaitAsync(w => w.Id == "Shop#2");
        Assert.Equal(1, worker.Process.GroupKills);
        Assert.Contains("GET /spin", Assert.Single(h.EventsNamed(EventName.WorkerKilled)).Message);
        Assert.Empty(h.EventsNamed(EventName.WorkerCrashed));
    }
}
