using System.Globalization;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>The cgroup half of the sweep after a crash: what escaped a worker's process group is still in its cgroup.</summary>
public sealed class PoolCgroupSweepTests
{
    [SkippableFact]
    public async Task A_start_after_a_crash_sweeps_what_a_worker_left_in_its_cgroup_outside_its_process_group()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["startMode"] = "alwaysRunning");
        var old = (await host.WaitForActiveWorkersAsync()).Single();
        var record = (await WorkerTraces.WaitForRecordsAsync(host, [old])).Single()!;
        var cgroups = record["cgroupPaths"]!.AsArray().Select(p => (string)p!).ToArray();
        var unavailable = host.Events.All().FirstOrDefault(e => (string?)e["event"] == "cgroup-unavailable");
        Skip.If(cgroups.Length == 0, $"workers get no cgroup on this machine: {unavailable?["message"]}");

        // What a worker's daemonized child looks like: its own session (so the group kill misses it), still in the worker's cgroup.
        using var escaped = SupervisorCrash.Sleeper.Start();
        foreach (var cgroup in cgroups) File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), escaped.Id.ToString(CultureInfo.InvariantCulture));
        await SupervisorCrash.KillAsync(host);

        await host.StartAsync();

        Assert.True(await Signals.WaitForExitAsync(old, TimeSpan.FromSeconds(30)), $"worker {old} still runs");
        Assert.True(await Signals.WaitForExitAsync(escaped.Id, TimeSpan.FromSeconds(30)), $"pid {escaped.Id}, left in worker {old}'s cgroup, still runs");
        await host.Events.WaitForAsync(e => (string?)e["event"] == "worker-swept" && (int?)e["pid"] == escaped.Id, TimeSpan.FromSeconds(10), "worker-swept for the escaped process");
        var fresh = (await host.WaitForActiveWorkersAsync(notThese: [old])).Single();
        Assert.Equal(fresh, await PoolClient.WorkerPidAsync(host));
    }
}
