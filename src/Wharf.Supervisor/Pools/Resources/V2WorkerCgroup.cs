namespace Wharf.Supervisor.Pools.Resources;

/// <summary>A worker's cgroup on the v2 hierarchy: one folder with cpu, memory, freeze and kill.</summary>
internal sealed class V2WorkerCgroup(string workerId, string folder) : IWorkerCgroup
{
    private const int PeriodMicroseconds = 100_000;

    public string WorkerId => workerId;

    public IReadOnlyList<string> JoinPaths { get; } = [folder];

    /// <summary>memory.stat's anon is the resident anonymous memory (what a leak grows); cpu.stat's usage_usec the CPU time.</summary>
    public ResourceSample Sample()
    {
        var anon = CgroupFiles.Stat(CgroupFiles.Read(Path.Combine(folder, "memory.stat")), "anon") ?? 0;
        var usec = CgroupFiles.Stat(CgroupFiles.Read(Path.Combine(folder, "cpu.stat")), "usage_usec") ?? 0;
        return new ResourceSample(anon, TimeSpan.FromTicks(usec * 10))
        {
            VirtualMemoryBytes = CgroupFiles.VirtualMemory(CgroupFiles.Pids(folder)),
        };
    }

    public bool Freeze() => CgroupV2Freezer.Set(folder, frozen: true);

    public bool Thaw() => CgroupV2Freezer.Set(folder, frozen: false);

    public void CapCpu(double cpus) =>
        CgroupFiles.Write(Path.Combine(folder, "cpu.max"), $"{CpuQuota.Microseconds(cpus, PeriodMicroseconds)} {PeriodMicroseconds}");

    public void LowerCpuWeight() => CgroupFiles.Write(Path.Combine(folder, "cpu.weight"), "1");

    public void ClearCpuLimits()
    {
        CgroupFiles.Write(Path.Combine(folder, "cpu.max"), $"max {PeriodMicroseconds}");
        CgroupFiles.Write(Path.Combine(folder, "cpu.weight"), "100");
    }

    public bool SetMemoryHigh(long bytes) => CgroupFiles.Write(Path.Combine(folder, "memory.high"), bytes.ToString());

    public void KillAll()
    {
        if (CgroupV2Freezer.Kill(folder)) return;
        // Before 5.14: frozen, no process can fork a new one between the read and the kills.
        var frozen = Freeze();
        CgroupFiles.KillEach(CgroupFiles.Pids(folder));
        if (frozen) Thaw();
    }

    public void Remove() => CgroupFiles.RemoveFolder(folder);
}
