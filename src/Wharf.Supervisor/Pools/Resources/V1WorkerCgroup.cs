namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// A worker's cgroups on v1: one folder per hierarchy (cpu and cpuacct may share one), and for
/// freeze and kill either the v1 freezer or, where the machine also mounts v2, a v2 folder.
/// </summary>
internal sealed class V1WorkerCgroup : IWorkerCgroup
{
    private const int PeriodMicroseconds = 100_000;

    private readonly string _cpu;
    private readonly string _cpuacct;
    private readonly string _memory;
    private readonly string? _freezer;
    private readonly string? _unified;

    public V1WorkerCgroup(string workerId, string cpu, string cpuacct, string memory, string? freezer, string? unified)
    {
        WorkerId = workerId;
        (_cpu, _cpuacct, _memory, _freezer, _unified) = (cpu, cpuacct, memory, freezer, unified);
        JoinPaths = new[] { cpu, cpuacct, memory, freezer, unified }.OfType<string>().Distinct().ToArray();
    }

    public string WorkerId { get; }

    public IReadOnlyList<string> JoinPaths { get; }

    /// <summary>memory.stat's total_rss (rss on kernels without hierarchy totals) is anonymous resident memory; cpuacct.usage is nanoseconds.</summary>
    public ResourceSample Sample()
    {
        var stat = CgroupFiles.Read(Path.Combine(_memory, "memory.stat"));
        var rss = CgroupFiles.Stat(stat, "total_rss") ?? CgroupFiles.Stat(stat, "rss") ?? 0;
        var ns = long.TryParse(CgroupFiles.Read(Path.Combine(_cpuacct, "cpuacct.usage"))?.Trim(), out var n) ? n : 0;
        return new ResourceSample(rss, TimeSpan.FromTicks(ns / 100))
        {
            VirtualMemoryBytes = CgroupFiles.VirtualMemory(CgroupFiles.Pids(_memory)),
        };
    }

    public bool Freeze() => SetFrozen(true);

    public bool Thaw() => SetFrozen(false);

    private bool SetFrozen(bool frozen)
    {
        if (_unified is not null) return CgroupV2Freezer.Set(_unified, frozen);
        if (_freezer is null) return false;
        var state = Path.Combine(_freezer, "freezer.state");
        var want = frozen ? "FROZEN" : "THAWED";
        // FREEZING comes first while tasks are stopped one by one.
        return CgroupFiles.Write(state, want)
            && CgroupFiles.WaitFor(() => CgroupFiles.Read(state)?.Trim() == want, TimeSpan.FromSeconds(2));
    }

    public void CapCpu(double cpus)
    {
        CgroupFiles.Write(Path.Combine(_cpu, "cpu.cfs_period_us"), PeriodMicroseconds.ToString());
        CgroupFiles.Write(Path.Combine(_cpu, "cpu.cfs_quota_us"), CpuQuota.Microseconds(cpus, PeriodMicroseconds).ToString());
    }

    public void LowerCpuWeight() => CgroupFiles.Write(Path.Combine(_cpu, "cpu.shares"), "2");

    public void ClearCpuLimits()
    {
        CgroupFiles.Write(Path.Combine(_cpu, "cpu.cfs_quota_us"), "-1");
        CgroupFiles.Write(Path.Combine(_cpu, "cpu.shares"), "1024");
    }

    /// <summary>v1's memory.high does not exist; memory.soft_limit_in_bytes acts only under global pressure, which is not a throttle.</summary>
    public bool SetMemoryHigh(long bytes) => false;

    public void KillAll()
    {
        if (_unified is not null && CgroupV2Freezer.Kill(_unified)) return;
        // Frozen, no process can fork a new one between the read and the kills; the kills land at the thaw.
        var frozen = Freeze();
        CgroupFiles.KillEach(CgroupFiles.Pids(_memory));
        if (frozen) Thaw();
    }

    public void Remove()
    {
        foreach (var folder in JoinPaths) CgroupFiles.RemoveFolder(folder);
    }
}
