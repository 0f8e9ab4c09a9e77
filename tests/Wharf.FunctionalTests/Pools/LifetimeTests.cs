using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>A worker's life as www sees it: warm-up, health, idleness, app_offline.htm, and a web garden.</summary>
public sealed class LifetimeTests
{
    [Fact]
    public async Task An_idle_worker_stops_after_idleTimeout_and_the_next_request_starts_another()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("processModel.idleTimeout", "00:00:02"));
        var first = await PoolClient.WorkerPidAsync(host);

        await host.WaitForAsync("worker-idle", pid: first);

        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)), $"idle worker {first} still runs");
        Assert.Empty(await host.ActiveWorkerPidsAsync());
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task A_warm_up_request_is_answered_before_the_worker_takes_traffic()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("program.warmupPath", "/warmup"));

        // The first request waits for the worker to start and to be warmed up.
        var warmups = await PoolClient.GetAsync(host, "/warmups");

        Assert.True(warmups.Status == HttpStatusCode.OK, warmups.ToString());
        Assert.Equal("1", warmups.Body.Trim());
    }

    [Fact]
    public async Task A_worker_whose_health_requests_fail_is_replaced()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.pingInterval", "00:00:01");
            pool.Set("processModel.pingResponseTime", "00:00:02");
        });
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        Assert.Equal(HttpStatusCode.OK, (await PoolClient.GetAsync(host, "/sick")).Status);

        await host.WaitForAsync("worker-unhealthy", pid: first);
        var second = (await host.WaitForActiveWorkersAsync(notThese: [first])).Single();
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)), $"unhealthy worker {first} still runs");
        Assert.True(second > 0);
    }

    [Fact]
    public async Task App_offline_htm_is_served_with_503_the_workers_stop_and_removing_it_brings_the_application_back()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var first = (await host.WaitForActiveWorkersAsync()).Single();
        var offline = Path.Combine(host.Root, "wwwroot", "app_offline.htm");

        File.WriteAllText(offline, "<h1>Back soon: upgrading the shop</h1>");
        await host.WaitForAsync("pool-offline");

        var answer = await PoolClient.GetAsync(host, "/pid");
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
        Assert.Contains("Back soon: upgrading the shop", answer.Body);
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)), $"worker {first} still runs while the application is offline");

        File.Delete(offline);
        await host.WaitForAsync("pool-online");
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task A_web_garden_spreads_requests_across_its_workers()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.maxProcesses", 3);
        });
        var pids = await host.WaitForActiveWorkersAsync(count: 3, timeout: TimeSpan.FromSeconds(60));

        // Nine slow requests at once: however www picks (round robin, least busy), they cannot all land on one worker.
        var answers = await PoolClient.ManyAsync(host, "/sleep?ms=1000", 9);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var served = answers.Select(a => int.Parse(a.Body.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(3, served.Count);
        Assert.All(served, pid => Assert.Contains(pid, pids));
    }
}
