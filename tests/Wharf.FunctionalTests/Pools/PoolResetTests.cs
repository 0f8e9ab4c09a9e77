using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>Pools across `wharf reset` and across a crash of www: workers are the supervisor's, not www's.</summary>
public sealed class PoolResetTests
{
    [Fact]
    public async Task A_reset_recycles_the_pools_with_no_failed_request()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var pids = new List<int>(await host.WaitForActiveWorkersAsync());

        var load = WrkResult.RunAsync(host.BaseUrl + "/", TimeSpan.FromSeconds(8));
        for (var i = 0; i < 2; i++)
        {
            var reset = await host.CliAsync("reset");
            Assert.True(reset.ExitCode == 0, reset.ToString());
            pids.AddRange(await host.WaitForActiveWorkersAsync(notThese: pids));
        }
        var wrk = await load;

        Assert.Equal(3, pids.Distinct().Count());
        Assert.True(wrk.Requests > 100, wrk.Output);
        Assert.True(wrk.SocketErrors == 0, $"socket errors during resets:\n{wrk.Output}\n{host.Output}");
        Assert.True(wrk.Non2xx == 0, $"failed requests during resets:\n{wrk.Output}");
        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "wharf reset"), pid: pids[0]);
    }

    [Fact]
    public async Task A_crash_of_www_leaves_the_workers_running_and_they_serve_again_once_www_is_back()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.maxProcesses", 2);
        });
        var workers = await host.WaitForActiveWorkersAsync(count: 2, timeout: TimeSpan.FromSeconds(60));
        var www = await host.ServicePidAsync("www");

        Signals.Send(www, Signals.SIGKILL);
        Assert.True(await Signals.WaitForExitAsync(www, TimeSpan.FromSeconds(30)));
        await host.Events.WaitForAsync(e => (string?)e["service"] == "www" && (string?)e["event"] == "ready" && (int?)e["pid"] != www,
            TimeSpan.FromSeconds(60), "a new www ready");

        Assert.All(workers, pid => Assert.True(Signals.IsAlive(pid), $"worker {pid} died with www"));
        Assert.Equal(workers.Order(), (await host.ActiveWorkerPidsAsync()).Order());
        var served = await PoolClient.WorkerPidAsync(host);
        Assert.Contains(served, workers);
        Assert.DoesNotContain(host.Events.All(), e => PoolEvents.Is(e, "worker-crashed") || PoolEvents.Is(e, "worker-killed"));
    }

    [Fact]
    public async Task Reset_stop_stops_every_worker_and_start_brings_the_always_running_pool_back()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        var stop = await host.CliAsync("reset", "/stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)), $"worker {first} still runs after /stop");

        var start = await host.CliAsync("reset", "/start");
        Assert.True(start.ExitCode == 0, start.ToString());
        var second = (await host.WaitForActiveWorkersAsync(notThese: [first])).Single();
        Assert.Equal(second, await PoolClient.WorkerPidAsync(host));
    }
}
