using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>failure.orphanWorkerProcess: an unhealthy worker is kept for debugging, and orphanActionExe runs on it.</summary>
public sealed class PoolOrphanTests
{
    [Fact]
    public async Task An_unhealthy_worker_is_orphaned_not_killed_and_the_orphan_action_runs_as_the_pools_account_with_its_pid()
    {
        // orphanActionExe leaves a file, as the pool's account, in a folder anyone may write.
        var drop = Directory.CreateTempSubdirectory("wharf-orphan-");
        File.SetUnixFileMode(drop.FullName, (UnixFileMode)0b111_111_111);
        using var dropWatch = new FileSystemWatcher(drop.FullName) { EnableRaisingEvents = true };
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        dropWatch.Created += (_, e) => dropped.TrySetResult(e.FullPath);
        try
        {
            await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
            {
                pool["startMode"] = "alwaysRunning";
                pool.Set("processModel.pingInterval", "00:00:01");
                pool.Set("processModel.pingResponseTime", "00:00:02");
                pool.Set("failure.orphanWorkerProcess", true);
                pool.Set("failure.orphanActionExe", "/usr/bin/touch");
                pool.Set("failure.orphanActionParams", drop.FullName + "/orphan-%1%");
            });
            var first = (await host.WaitForActiveWorkersAsync()).Single();

            // From now on the worker answers its health requests (GET /) with 500.
            Assert.Equal(HttpStatusCode.OK, (await PoolClient.GetAsync(host, "/sick")).Status);

            var orphaned = await host.WaitForAsync("worker-orphaned", pid: first);
            var file = await dropped.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Path.Combine(drop.FullName, "orphan-" + first), file);
            if (Privileges.IsRoot)
            {
                var owner = await CommandResult.RunAsync("stat", ["-c", "%U", file]);
                Assert.StartsWith("wharf-pool-", owner.StandardOutput.Trim(), StringComparison.Ordinal);
            }

            // Kept running, out of rotation: another worker takes the traffic.
            var second = (await host.WaitForActiveWorkersAsync(notThese: [first])).Single();
            Assert.Equal(second, await PoolClient.WorkerPidAsync(host));
            Assert.True(Signals.IsAlive(first), $"orphaned worker {first} was killed: {orphaned.ToJsonString()}");
            Assert.Contains((await host.PoolAsync()).Workers("orphaned"), w => (int)w["pid"]! == first);
            Assert.DoesNotContain(host.Events.All(), e => (PoolEvents.Is(e, "worker-unhealthy") || PoolEvents.Is(e, "worker-killed")) && (int?)e["pid"] == first);

            // The supervisor's stop ends orphans too: nothing it ran outlives it.
            Assert.Equal(0, await host.StopAsync());
            Assert.True(await Signals.WaitForExitAsync(first, TimeSpan.FromSeconds(30)), $"orphaned worker {first} outlived the supervisor's stop");
        }
        finally
        {
            drop.Delete(recursive: true);
        }
    }
}
