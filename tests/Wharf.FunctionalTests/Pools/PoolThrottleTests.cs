using System.Diagnostics;
using System.Globalization;
using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>cpu.action throttleUnderLoad: a worker above cpu.limit is capped at it while other processes want the CPU.</summary>
public sealed class PoolThrottleTests
{
    private const int Limit = 1_000; // 1 % of all processors

    [SkippableFact]
    public async Task ThrottleUnderLoad_caps_a_busy_worker_at_the_limit_while_processes_outside_wharf_want_the_cpu()
    {
        // A minute's window: a busy loop passes 1 % of it (0.6 s of CPU per processor) in a few seconds
        // even while sharing the CPUs, and the cap then holds to the window's end, past this test's.
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("cpu.limit", Limit);
            pool.Set("cpu.resetInterval", "00:01:00");
            pool.Set("cpu.action", "throttleUnderLoad");
        });
        var first = (await host.WaitForActiveWorkersAsync()).Single();
        var unavailable = host.Events.All().FirstOrDefault(e => (string?)e["event"] == "cgroup-unavailable");
        Skip.If(unavailable is not null, $"this machine gives Wharf no writable cgroup: {unavailable?["message"]}");
        var cgroups = (await WorkerTraces.WaitForRecordsAsync(host, [first])).Single()!["cgroupPaths"]!.AsArray().Select(p => (string)p!).ToArray();

        // The competition: a busy process per processor, outside Wharf and its cgroups (another pool's workers would be in
        // cgroups beside this one; a weight there would count only against this pool's own workers).
        using var spinners = Spinners.Start(Environment.ProcessorCount);
        var busy = PoolClient.GetAsync(host, "/cpu?ms=7000");
        var capped = await host.WaitForAsync("cpu-limit-exceeded", e => PoolEvents.Says(e, "capped at"), pid: first);

        var cpus = Limit / 100_000.0 * Environment.ProcessorCount;
        await QuotaAsync(cgroups, (long)Math.Round(cpus * 100_000));
        var used = await ProcessCpu.ShareAsync(first, TimeSpan.FromSeconds(2));
        spinners.Dispose();
        Assert.True(used < cpus * 5, $"the worker used {used:0.000} CPUs while capped at {cpus:0.000}: {capped.ToJsonString()}");
        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
        Assert.True(Signals.IsAlive(first));
    }

    /// <summary>Waits (bounded) for the quota: the event is written just before the supervisor sets it, and nothing follows to wait on.</summary>
    private static async Task QuotaAsync(IReadOnlyList<string> cgroups, long expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        long quota;
        while ((quota = CpuQuotaMicroseconds(cgroups)) != expected && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(expected, quota);
    }

    /// <summary>The worker's CPU quota per 100 ms period: v1's cpu.cfs_quota_us, or the first number of v2's cpu.max.</summary>
    private static long CpuQuotaMicroseconds(IEnumerable<string> cgroups)
    {
        foreach (var folder in cgroups)
        {
            if (File.Exists(Path.Combine(folder, "cpu.cfs_quota_us")))
                return long.Parse(File.ReadAllText(Path.Combine(folder, "cpu.cfs_quota_us")).Trim(), CultureInfo.InvariantCulture);
            if (File.Exists(Path.Combine(folder, "cpu.max")))
                return File.ReadAllText(Path.Combine(folder, "cpu.max")).Split(' ')[0] is var max && max == "max" ? -1 : long.Parse(max, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no cpu controller among the worker's cgroups: {string.Join(", ", cgroups)}");
    }

    /// <summary>Busy loops in shells of their own, each killed (with a 60 s bound on its own) when disposed.</summary>
    private sealed class Spinners : IDisposable
    {
        private readonly List<Process> _processes;

        private Spinners(List<Process> processes) => _processes = processes;

        public static Spinners Start(int count) => new([.. Enumerable.Range(0, count).Select(_ =>
            Process.Start(new ProcessStartInfo("timeout", ["60", "sh", "-c", "while :; do :; done"]) { UseShellExecute = false })!)]);

        public void Dispose()
        {
            foreach (var process in _processes)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* ended */ }
                process.Dispose();
            }
            _processes.Clear();
        }
    }
}
