using System.Diagnostics;
using Wharf.Supervisor.Pools.Resources;
using Wharf.TestKit;
using Xunit.Abstractions;

namespace Wharf.Supervisor.Tests.Pools.Resources;

/// <summary>
/// This machine's real cgroups, as root: v1 (cpu, cpuacct, memory, freezer) and the v2 mount
/// beside it that has no controllers but cgroup.freeze and cgroup.kill. Real processes are put in
/// a worker's cgroup as the launch step does (a write to cgroup.procs of each folder).
/// </summary>
public sealed class CgroupV1RealTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _instance = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<Process> _processes = [];

    private static bool HasV1 =>
        Privileges.IsRoot && CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo")).V1Mounts.Count >= 3;

    private static bool HasUnified =>
        CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo")).V2Mount is { } v2 && !File.Exists(Path.Combine(v2, "cpu.max"));

    /// <summary>The real host; without the v2 mount's line, so that v1's freezer does freeze and kill.</summary>
    private IWorkerCgroups Detect(bool withUnified)
    {
        var lines = File.ReadAllLines("/proc/self/mountinfo").Where(l => withUnified || !l.Contains(" - cgroup2 "));
        return CgroupDetection.Detect(new CgroupHost(string.Join('\n', lines), File.ReadAllText("/proc/self/cgroup"), false, _instance));
    }

    private Process Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    private static void Join(IWorkerCgroup cgroup, Process process)
    {
        foreach (var folder in cgroup.JoinPaths) File.WriteAllText(Path.Combine(folder, "cgroup.procs"), process.Id.ToString());
    }

    private static async Task<double> CpuRate(IWorkerCgroup cgroup, TimeSpan over)
    {
        var clock = Stopwatch.StartNew();
        var before = cgroup.Sample().CpuTime;
        await Task.Delay(over);
        return (cgroup.Sample().CpuTime - before).TotalSeconds / clock.Elapsed.TotalSeconds;
    }

    private static async Task AssertEnds(Process process)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.HasExited);
    }

    [SkippableFact]
    public void Detection_here_chooses_v1_with_the_v2_mount_for_freeze_and_kill()
    {
        Skip.IfNot(HasV1 && HasUnified, "needs root and this machine's v1 hierarchies with a controller-less v2 mount");
        var cgroups = Detect(withUnified: true);
        Assert.True(cgroups.Available);
        Assert.True(cgroups.CanFreeze);
        Assert.False(cgroups.CanThrottleMemory);
        Assert.StartsWith("cgroup v1 (cpu, cpuacct, memory; with cgroup v2 under ", cgroups.Description);
        Assert.Contains("memory throttling needs v2", cgroups.Description);
    }

    [SkippableFact]
    public async Task A_real_process_is_sampled_for_memory_and_cpu_and_kill_all_ends_it_and_remove_removes_the_folders()
    {
        Skip.IfNot(HasV1, "needs root and cgroup v1");
        var cgroup = Detect(withUnified: true).Create("shop", "shop#1")!;
        var python = Start("/usr/bin/python3", "-c",
            "import sys, time\nsys.stdin.readline()\nx = bytearray(64 * 1024 * 1024)\nprint('ok', flush=True)\nwhile True: pass");
        Join(cgroup, python);
        // Memory is charged where it is allocated: only after the join.
        await python.StandardInput.WriteLineAsync("go");
        await python.StandardInput.FlushAsync();
        Assert.Equal("ok", await python.StandardOutput.ReadLineAsync());

        var sample = cgroup.Sample();
        Assert.InRange(sample.PrivateMemoryBytes, 64L << 20, 512L << 20);
        Assert.True(sample.VirtualMemoryBytes >= sample.PrivateMemoryBytes);
        Assert.True(await CpuRate(cgroup, TimeSpan.FromMilliseconds(500)) > 0.05, "a busy loop uses CPU");

        cgroup.KillAll();
        await AssertEnds(python);
        cgroup.Remove();
        Assert.All(cgroup.JoinPaths, p => Assert.False(Directory.Exists(p)));
    }

    [SkippableFact]
    public async Task A_cpu_cap_slows_a_busy_process_and_clearing_it_lets_it_run_again()
    {
        Skip.IfNot(HasV1, "needs root and cgroup v1");
        var cgroup = Detect(withUnified: true).Create("shop", "shop#2")!;
        var busy = Start("/bin/sh", "-c", "while :; do :; done");
        Join(cgroup, busy);

        var free = await CpuRate(cgroup, TimeSpan.FromSeconds(1));
        cgroup.CapCpu(0.05);
        var capped = await CpuRate(cgroup, TimeSpan.FromSeconds(1));
        cgroup.ClearCpuLimits();
        var cleared = await CpuRate(cgroup, TimeSpan.FromSeconds(1));

        output.WriteLine($"CPUs used by a busy loop: free {free:0.###}, capped at 0.05 {capped:0.###}, cleared {cleared:0.###}");
        // The machine is shared, so only generous ratios: 5 % of a CPU is far below a free busy loop.
        Assert.True(capped < 0.12, $"capped at 0.05 CPUs it used {capped:0.###}");
        Assert.True(free > capped * 2, $"free {free:0.###}, capped {capped:0.###}");
        Assert.True(cleared > capped * 2, $"cleared {cleared:0.###}, capped {capped:0.###}");
        var cpu = cgroup.JoinPaths[0];
        Assert.Equal("-1", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")).Trim());

        cgroup.LowerCpuWeight();
        Assert.Equal("2", File.ReadAllText(Path.Combine(cpu, "cpu.shares")).Trim());
        Assert.False(cgroup.SetMemoryHigh(1 << 20));
        cgroup.KillAll();
        await AssertEnds(busy);
        cgroup.Remove();
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Freeze_stops_a_busy_process_thaw_resumes_it_and_kill_all_ends_it(bool withUnified)
    {
        Skip.IfNot(HasV1 && (!withUnified || HasUnified), "needs root and cgroup v1 (and the v2 mount for the v2 case)");
        var cgroups = Detect(withUnified);
        var cgroup = cgroups.Create("shop", "shop#3")!;
        var busy = Start("/bin/sh", "-c", "while :; do :; done");
        Join(cgroup, busy);

        Assert.True(cgroup.Freeze());
        var frozenState = withUnified
            ? File.ReadAllText(Path.Combine(cgroup.JoinPaths[^1], "cgroup.events"))
            : File.ReadAllText(Path.Combine(cgroup.JoinPaths[^1], "freezer.state"));
        Assert.Contains(withUnified ? "frozen 1" : "FROZEN", frozenState);
        Assert.Equal(0, await CpuRate(cgroup, TimeSpan.FromMilliseconds(300)));

        Assert.True(cgroup.Thaw());
        Assert.True(await CpuRate(cgroup, TimeSpan.FromMilliseconds(500)) > 0, "thawed, it runs again");

        cgroup.KillAll();
        await AssertEnds(busy);
        cgroup.Remove();
    }

    [SkippableFact]
    public async Task A_start_after_a_crash_sweeps_processes_left_in_workers_cgroups_but_not_the_kept_ones()
    {
        Skip.IfNot(HasV1, "needs root and cgroup v1");
        var before = Detect(withUnified: true);
        var leftover = before.Create("shop", "shop#4")!;
        var kept = before.Create("shop", "shop#5")!;
        var child = Start("/bin/sh", "-c", "read go; sleep 600 & wait");
        var survivor = Start("/usr/bin/sleep", "600");
        Join(leftover, child);
        Join(kept, survivor);
        // The shell forks its child after the join, so the child is in the cgroup too.
        await child.StandardInput.WriteLineAsync("go");
        await child.StandardInput.FlushAsync();
        Assert.True(CgroupFiles.WaitFor(() => CgroupFiles.Pids(leftover.JoinPaths[0]).Count == 2, TimeSpan.FromSeconds(5)));

        var killed = Detect(withUnified: true).SweepLeftovers(new HashSet<string> { "shop#5" });

        Assert.Equal(2, killed.Count);
        Assert.Contains(child.Id, killed);
        await AssertEnds(child);
        Assert.All(leftover.JoinPaths, p => Assert.False(Directory.Exists(p)));
        Assert.False(survivor.HasExited);
        Assert.All(kept.JoinPaths, p => Assert.True(Directory.Exists(p)));
        kept.KillAll();
        await AssertEnds(survivor);
        kept.Remove();
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }
        if (!Privileges.IsRoot) return;
        // This test's instance folder in every hierarchy, emptied above.
        foreach (var mount in new[] { "cpu", "cpuacct", "memory", "freezer", "unified" })
        {
            var instance = Path.Combine("/sys/fs/cgroup", mount, "wharf", _instance);
            if (!Directory.Exists(instance)) continue;
            foreach (var folder in Directory.GetDirectories(instance, "*", SearchOption.AllDirectories).Reverse())
                CgroupFiles.RemoveFolder(folder);
            CgroupFiles.RemoveFolder(instance);
        }
    }
}
