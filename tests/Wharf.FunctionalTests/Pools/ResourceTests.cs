using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>CPU and memory limits and their actions, on the machine's cgroups (or said plainly where there are none).</summary>
public sealed class ResourceTests
{
    // 10 % of all processors over a short window: a busy worker passes it within the window.
    private static void BusyLimit(System.Text.Json.Nodes.JsonObject pool, string action, string window = "00:00:02")
    {
        pool["startMode"] = "alwaysRunning";
        pool.Set("cpu.limit", 10_000);
        pool.Set("cpu.resetInterval", window);
        pool.Set("cpu.action", action);
    }

    [Fact]
    public async Task The_noAction_cpu_limit_logs_and_leaves_the_worker_running()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => BusyLimit(pool, "noAction"));
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        var busy = PoolClient.GetAsync(host, "/cpu?ms=4000");
        await host.WaitForAsync("cpu-limit-exceeded", pid: first);

        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
        Assert.True(Signals.IsAlive(first));
        Assert.Equal(first, await PoolClient.WorkerPidAsync(host));
    }

    [Fact]
    public async Task The_killW3wp_cpu_limit_kills_the_worker_and_another_serves()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => BusyLimit(pool, "killW3wp"));
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        var busy = PoolClient.GetAsync(host, "/cpu?ms=8000");
        await host.WaitForAsync("cpu-limit-exceeded", pid: first);
        await host.WaitForAsync("worker-killed", e => PoolEvents.Says(e, "/cpu?ms=8000"), pid: first);

        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.True((int)(await busy).Status >= 500);
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }

    [SkippableFact]
    public async Task The_throttle_cpu_limit_caps_the_worker_near_the_limit()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => BusyLimit(pool, "throttle", window: "00:00:08"));
        var first = (await host.WaitForActiveWorkersAsync()).Single();
        var unavailable = host.Events.All().FirstOrDefault(e => (string?)e["event"] == "cgroup-unavailable");
        Skip.If(unavailable is not null, $"this machine gives Wharf no writable cgroup: {unavailable?["message"]}");

        var busy = PoolClient.GetAsync(host, "/cpu?ms=12000");
        await host.WaitForAsync("cpu-limit-exceeded", pid: first);

        // The cap holds until the window ends (8 s; the busy loop passes 10 % of it in about 1.6 s), so the
        // next 2 s are capped: a busy loop gets about 10 % of all processors; unthrottled it takes a whole one.
        var used = await ProcessCpu.ShareAsync(first, TimeSpan.FromSeconds(2));
        var limit = 0.10 * Environment.ProcessorCount;
        Assert.True(used < limit * 2, $"the throttled worker used {used:0.00} CPUs, the limit is {limit:0.00}");
        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
        Assert.True(Signals.IsAlive(first));
    }

    [Fact]
    public async Task The_memory_limit_recycles_a_leaking_worker()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool.Set("memory.limit", 150_000);
            pool.Set("memory.action", "recycle");
        });
        var first = await PoolClient.WorkerPidAsync(host);

        Assert.Equal(HttpStatusCode.OK, (await PoolClient.GetAsync(host, "/leak?mb=200")).Status);

        await host.WaitForAsync("memory-limit-exceeded", pid: first, timeout: TimeSpan.FromSeconds(20));
        await host.WaitForAsync("worker-recycled", pid: first);
        Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(first, await PoolClient.WorkerPidAsync(host));
    }
}
