using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>A worker that dies: replaced while requests wait, named with what it was serving, and rapid-fail protection.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task A_worker_killed_with_kill_9_is_replaced_while_requests_wait_instead_of_failing()
    {
        // A slow start (1.5 s before it listens) makes sure the requests below arrive while no worker can take them.
        var program = (await WorkerApps.AspNetAsync()).With("WORKER_STARTUP_DELAY_MS", "1500");
        await using var host = await PoolSetup.StartAsync(program, pool => pool["startMode"] = "alwaysRunning");
        var first = (await host.WaitForActiveWorkersAsync()).Single();

        Signals.Send(first, Signals.SIGKILL);
        var answers = await PoolClient.ManyAsync(host, "/pid", 8);

        Assert.All(answers, a => Assert.True(a.Status == 200, $"a request failed with {a.Status} after {a.Seconds}s: {a.Body}\n{host.Output}"));
        var served = answers.Select(a => int.Parse(a.Body, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.DoesNotContain(first, served);
        await host.WaitForAsync("worker-crashed", pid: first);
    }

    [Fact]
    public async Task The_crash_event_names_the_request_the_worker_was_serving()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        var first = await PoolClient.WorkerPidAsync(host);

        // The request that kills it is in flight when it dies.
        var status = await SiteSetup.CurlStatusAsync(host.BaseUrl + "/crash?culprit=order-42");

        Assert.True(status >= 500, $"the crashing request got {status}");
        var crashed = await host.WaitForAsync("worker-crashed", pid: first);
        Assert.True(PoolEvents.Says(crashed, "GET") && PoolEvents.Says(crashed, "/crash?culprit=order-42") && PoolEvents.Says(crashed, "127.0.0.1"),
            $"the crash event does not name the request (method, URL, client): {crashed.ToJsonString()}");
    }

    [Fact]
    public async Task A_kill_names_the_requests_in_flight_with_how_long_they_had_run()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        var first = await PoolClient.WorkerPidAsync(host);

        var slow = PoolClient.GetAsync(host, "/sleep?ms=60000&culprit=report-7");
        await host.WaitForPoolAsync(p => p.Workers().Any(w => (long?)w["requestsInFlight"] >= 1), "the slow request in flight");
        Signals.Send(first, Signals.SIGKILL);

        var answer = await slow;
        Assert.True((int)answer.Status >= 500, answer.ToString());
        var crashed = await host.WaitForAsync("worker-crashed", pid: first);
        Assert.True(PoolEvents.Says(crashed, "/sleep?ms=60000&culprit=report-7"), $"the event does not name the request: {crashed.ToJsonString()}");
        Assert.Matches(@"\d+ ?(ms|s)", (string?)crashed["message"] ?? "");
    }

    [Fact]
    public async Task Rapid_fail_protection_stops_the_pool_503_follows_and_apppool_start_brings_it_back()
    {
        // autoShutdownExe leaves a file, as the pool's account, in a folder anyone may write.
        var drop = Directory.CreateTempSubdirectory("wharf-autoshutdown-");
        File.SetUnixFileMode(drop.FullName, (UnixFileMode)0b111_111_111);
        using var dropWatch = new FileSystemWatcher(drop.FullName) { EnableRaisingEvents = true };
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        dropWatch.Created += (_, e) => dropped.TrySetResult(e.FullPath);
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool.Set("failure.rapidFailProtectionMaxCrashes", 2);
            pool.Set("failure.rapidFailProtectionInterval", "00:05:00");
            pool.Set("failure.autoShutdownExe", "/usr/bin/touch");
            pool.Set("failure.autoShutdownParams", drop.FullName + "/stopped-%1%");
        });

        // Crash whichever worker answers until the pool is stopped (a worker that answered may be stopped by the trip itself).
        for (var i = 0; i < 4 && !host.Events.All().Any(e => PoolEvents.Is(e, "pool-rapid-failed")); i++)
        {
            var answer = await PoolClient.GetAsync(host, "/pid");
            if (answer.Status == HttpStatusCode.ServiceUnavailable) break;
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            var pid = int.Parse(answer.Body, System.Globalization.CultureInfo.InvariantCulture);
            await SiteSetup.CurlStatusAsync(host.BaseUrl + "/crash");
            Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30)), $"worker {pid} outlived /crash");
        }
        await host.WaitForAsync("pool-rapid-failed");
        var events = host.Events.All();
        var tripped = events.ToList().FindIndex(e => PoolEvents.Is(e, "pool-rapid-failed"));
        Assert.Equal(2, events.Take(tripped).Count(e => PoolEvents.Is(e, "worker-crashed")));

        var refused = await PoolClient.GetAsync(host, "/pid");
        Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, refused.ToString());
        Assert.NotNull(refused.Header("Retry-After"));
        Assert.Equal("rapid-failed", (string?)(await host.PoolAsync())["state"]);

        // The pool's program ran, with %1% as the pool's name, and not as root.
        var file = await dropped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Path.Combine(drop.FullName, "stopped-" + PoolSetup.Pool), file);
        if (Privileges.IsRoot)
        {
            var owner = await CommandResult.RunAsync("stat", ["-c", "%U", file]);
            Assert.StartsWith("wharf-pool-", owner.StandardOutput.Trim(), StringComparison.Ordinal);
        }

        var start = await host.CliAsync("apppool", "start", PoolSetup.Pool);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.True(await PoolClient.WorkerPidAsync(host) > 0);
    }
}
