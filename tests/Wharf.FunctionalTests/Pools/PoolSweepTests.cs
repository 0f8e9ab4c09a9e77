using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>
/// A supervisor killed with SIGKILL leaves its workers running; the next `wharf serve` on the same
/// root ends them (state/workers.json: pid and start time), sweeps their cgroups, and starts afresh.
/// </summary>
public sealed class PoolSweepTests
{
    [Fact]
    public async Task A_start_after_a_crash_ends_the_recorded_workers_and_spares_a_pid_reused_by_another_process()
    {
        await using var host = await PoolSetup.StartAsync(WorkerApps.Python(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.maxProcesses", 2);
        });
        var old = await host.WaitForActiveWorkersAsync(count: 2);
        await WorkerTraces.WaitForRecordsAsync(host, old);
        using var bystander = StartSleep();

        await CrashSupervisorAsync(host);
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

    [SkippableFact]
    public async Task A_start_after_a_crash_sweeps_what_a_worker_left_in_its_cgroup_outside_its_process_group()
    {
        await using var host = await PoolSetup.StartAsync(WorkerApps.Python(), pool => pool["startMode"] = "alwaysRunning");
        var old = (await host.WaitForActiveWorkersAsync()).Single();
        var record = (await WorkerTraces.WaitForRecordsAsync(host, [old])).Single()!;
        var cgroups = record["cgroupPaths"]!.AsArray().Select(p => (string)p!).ToArray();
        var unavailable = host.Events.All().FirstOrDefault(e => (string?)e["event"] == "cgroup-unavailable");
        Skip.If(cgroups.Length == 0, $"workers get no cgroup on this machine: {unavailable?["message"]}");

        // What a worker's daemonized child looks like: its own session (so the group kill misses it), still in the worker's cgroup.
        using var escaped = StartSleep();
        foreach (var cgroup in cgroups) File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), escaped.Id.ToString(CultureInfo.InvariantCulture));
        await CrashSupervisorAsync(host);

        await host.StartAsync();

        Assert.True(await Signals.WaitForExitAsync(old, TimeSpan.FromSeconds(30)), $"worker {old} still runs");
        Assert.True(await Signals.WaitForExitAsync(escaped.Id, TimeSpan.FromSeconds(30)), $"pid {escaped.Id}, left in worker {old}'s cgroup, still runs");
        await host.Events.WaitForAsync(e => (string?)e["event"] == "worker-swept" && (int?)e["pid"] == escaped.Id, TimeSpan.FromSeconds(10), "worker-swept for the escaped process");
        var fresh = (await host.WaitForActiveWorkersAsync(notThese: [old])).Single();
        Assert.Equal(fresh, await PoolClient.WorkerPidAsync(host));
    }

    /// <summary>SIGKILL to `wharf serve`; its services end with their control channel, and are awaited, since www holds the site's port.</summary>
    private static async Task CrashSupervisorAsync(WharfHost host)
    {
        var services = new[] { await host.ServicePidAsync("www"), await host.ServicePidAsync("admin") };
        host.KillSupervisor();
        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        foreach (var pid in services)
            Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30)), $"service pid {pid} outlived its supervisor");
    }

    /// <summary>An unrelated long-lived process in a session of its own (setsid execs in place: same pid), killed when disposed.</summary>
    private static Sleeper StartSleep() => new(Process.Start(new ProcessStartInfo("setsid", ["sleep", "600"]) { UseShellExecute = false })!);

    private sealed class Sleeper(Process process) : IDisposable
    {
        public int Id => process.Id;

        public void Dispose()
        {
            try { process.Kill(); } catch (InvalidOperationException) { /* already gone */ }
            process.Dispose();
        }
    }
}
