using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>Overlapped recycling, and every trigger, each logged with its reason (worker-recycled).</summary>
public sealed class RecycleTests
{
    [Fact]
    public async Task A_recycle_under_load_fails_no_request()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var pids = new List<int>(await host.WaitForActiveWorkersAsync());

        var load = WrkResult.RunAsync(host.BaseUrl + "/", TimeSpan.FromSeconds(8));
        for (var i = 0; i < 3; i++)
        {
            var recycle = await host.CliAsync("apppool", "recycle", PoolSetup.Pool);
            Assert.True(recycle.ExitCode == 0, recycle.ToString());
            pids.AddRange(await host.WaitForActiveWorkersAsync(notThese: pids));
        }
        var wrk = await load;

        Assert.Equal(4, pids.Distinct().Count());
        Assert.True(wrk.Requests > 100, wrk.Output);
        Assert.True(wrk.SocketErrors == 0, $"socket errors during recycles:\n{wrk.Output}\n{host.Output}");
        Assert.True(wrk.Non2xx == 0, $"failed requests during recycles:\n{wrk.Output}");
        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "on demand"), pid: pids[0]);
        foreach (var old in pids.Take(3))
            Assert.True(await Signals.WaitForExitAsync(old, TimeSpan.FromSeconds(30)), $"old worker {old} still runs after its recycle");
    }

    [Fact]
    public async Task The_time_trigger_recycles_and_logs_time()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("recycling.periodicRestart.time", "00:00:03"));
        var first = await PoolClient.WorkerPidAsync(host);

        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "periodicRestart.time"), pid: first);

        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task The_requests_trigger_recycles_after_that_many_requests_and_logs_requests()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("recycling.periodicRestart.requests", 5));
        var first = await PoolClient.WorkerPidAsync(host);

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await PoolClient.GetAsync(host, "/")).Status);
        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "periodicRestart.requests"), pid: first);

        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task The_schedule_trigger_recycles_at_the_time_of_day_and_logs_schedule()
    {
        // The next whole minute of local time at least 5 s away: this test waits up to 65 s, beside the others.
        var now = DateTime.Now;
        var at = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Local).AddMinutes(now.Second >= 55 ? 2 : 1);
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("recycling.periodicRestart.schedule", new JsonArray(at.ToString("HH:mm", CultureInfo.InvariantCulture)));
        });
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "schedule"), pid: first, timeout: at - DateTime.Now + TimeSpan.FromSeconds(20));

        Assert.True(DateTime.Now >= at.AddSeconds(-1), $"recycled at {DateTime.Now:HH:mm:ss}, before {at:HH:mm}");
        // Overlapped: the old worker serves until its successor is ready, then stops.
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task The_private_memory_trigger_recycles_a_leaking_worker_and_logs_privateMemory()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("recycling.periodicRestart.privateMemory", 150_000));
        var first = await PoolClient.WorkerPidAsync(host);

        var leak = await PoolClient.GetAsync(host, "/leak?mb=200");
        Assert.True(leak.Status == HttpStatusCode.OK, leak.ToString());
        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "private memory") || PoolEvents.Says(e, "privateMemory"), pid: first, timeout: TimeSpan.FromSeconds(20));

        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task A_change_to_the_pools_configuration_recycles_it_and_logs_configChange()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        var set = await host.CliAsync("config", "set", "/applicationPools/1/program/environment", """[{"name":"SHOP_SETTING","value":"green"}]""");
        Assert.True(set.ExitCode == 0, set.ToString());

        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "configuration changed"), pid: first);
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        var env = await PoolClient.JsonAsync(host, "/env");
        Assert.Equal("green", (string?)env["SHOP_SETTING"]);
    }

    [Fact]
    public async Task With_recycleOnFileChange_a_changed_file_recycles_and_logs_fileChange()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("recycling.recycleOnFileChange", true);
        });
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        File.WriteAllText(Path.Combine(host.Root, "wwwroot", "appsettings.json"), """{ "Shop": "new" }""");

        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "recycleOnFileChange"), pid: first);
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task A_worker_asking_by_the_Wharf_Recycle_header_is_recycled_and_the_client_never_sees_the_header()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        var first = await PoolClient.WorkerPidAsync(host);

        var asked = await PoolClient.GetAsync(host, "/recycle-me");

        Assert.True(asked.Status == HttpStatusCode.OK, asked.ToString());
        Assert.Null(asked.Header("Wharf-Recycle"));
        await host.WaitForAsync("worker-recycled", e => PoolEvents.Says(e, "Wharf-Recycle"), pid: first);
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }
}
