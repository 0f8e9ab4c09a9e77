using System.Text.Json.Nodes;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>
/// A supervisor killed with SIGKILL leaves its workers running; the next `wharf serve` on the same
/// root ends them (state/workers.json: pid and start time) and starts afresh; PoolCgroupSweepTests has the cgroups.
/// </summary>
public sealed class PoolSweepTests
{
    [Fact]
    public async Task A_start_after_a_crash_ends_the_recorded_workers_and_spares_a_pid_reused_by_another_process()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.maxProcesses", 2);
        });
        var old = await host.WaitForActiveWorkersAsync(count: 2);
        await WorkerTraces.WaitForRecordsAsync(host, old);
        using var bystander = SupervisorCrash.Sleeper.Start();

        await SupervisorCrash.KillAsync(host);
        Assert.All(old, pid => Assert.True(Signals.IsAlive(pid), $"worker {pid} died with the supervisor; this test needs it left behind"));
        // The kernel gave a recorded worker's pid to another process since: the same pid, another start time.
        var records = WorkerTraces.Records(host);
        var reused = records[0]!.DeepClone().AsObject();
        reused["id"] = "w99";
        reused["pid"] = bystander.Id;
        reused["processStartTicks"] = WorkerTraces.StartTicks(bystander.Id) + 1;
        reused["cgroupPaths"] = new JsonArray();
        records.Add(reused);
        File.WriteAllText(WorkerTraces.RecordsFile(host), records.ToJsonString());

        await host.StartAsync();

        foreach (var pid in old)
        {
            Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30)), $"worker {pid}, left by the crashed supervisor, still runs");
            await host.Events.WaitForAsync(e => (string?)e["event"] == "worker-swept" && (int?)e["pid"] == pid, TimeSpan.FromSeconds(10), $"worker-swept for {pid}");
        }
        Assert.True(Signals.IsAlive(bystander.Id), $"pid {bystander.Id}, recorded with another start time, was killed");
        Assert.DoesNotContain(host.Events.All(), e => (string?)e["event"] == "worker-swept" && (int?)e["pid"] == bystander.Id);
        var fresh = await host.WaitForActiveWorkersAsync(count: 2, notThese: old);
        Assert.Contains(await PoolClient.WorkerPidAsync(host), fresh);
    }
}
