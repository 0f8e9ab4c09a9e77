namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// What the machine lets Wharf do to workers' CPU and memory: cgroup v2 where it is writable with
/// controllers, else v1 (cpu, cpuacct, memory, freezer), else nothing, said plainly.
/// </summary>
internal interface IWorkerCgroups
{
    /// <summary>"cgroup v2 (cpu, memory, freeze)", "cgroup v1 (cpu, cpuacct, memory, freezer)", or why neither: for the event and `wharf apppool show`.</summary>
    string Description { get; }

    bool Available { get; }

    bool CanFreeze { get; }

    /// <summary>memory.high exists (v2 only).</summary>
    bool CanThrottleMemory { get; }

    /// <summary>
    /// An empty cgroup (one per v1 hierarchy) for one worker, made before its launch; null where none
    /// can be written. For a worker adopted after /reboot, the same call returns its cgroup as it is.
    /// </summary>
    IWorkerCgroup? Create(string pool, string workerId);

    /// <summary>
    /// Kills every process left in workers' cgroups that are not in <paramref name="keep"/> (a
    /// supervisor starting after its predecessor crashed keeps none; one after /reboot keeps those
    /// it adopted), removes the emptied cgroups, and returns the pids it killed.
    /// </summary>
    IReadOnlyList<int> SweepLeftovers(IReadOnlySet<string> keep);
}

/// <summary>One worker's cgroup: what the launch step joins, what is read every second, and the levers.</summary>
internal interface IWorkerCgroup
{
    string WorkerId { get; }

    /// <summary>The folders the launch step writes the new process into (<c>LaunchSpec.Cgroups</c>).</summary>
    IReadOnlyList<string> JoinPaths { get; }

    ResourceSample Sample();

    bool Freeze();

    bool Thaw();

    /// <summary>A hard cap, in CPUs (0.5 is half of one processor): cpu.max, or cfs_quota_us over cfs_period_us.</summary>
    void CapCpu(double cpus);

    /// <summary>A low weight: it gets the CPU only when others do not want it (cpu.weight 1, cpu.shares 2).</summary>
    void LowerCpuWeight();

    void ClearCpuLimits();

    /// <summary>cgroup v2's memory.high; false on v1.</summary>
    bool SetMemoryHigh(long bytes);

    /// <summary>Every process in it: cgroup.kill on v2, SIGKILL to each pid in cgroup.procs on v1.</summary>
    void KillAll();

    /// <summary>After the worker's end: the folders are removed once empty.</summary>
    void Remove();
}

/// <summary>A worker's use: resident anonymous memory (what a leak grows), and CPU time since it started.</summary>
internal readonly record struct ResourceSample(long PrivateMemoryBytes, TimeSpan CpuTime)
{
    /// <summary>Sum of VmSize (periodicRestart.memory only; useless for .NET, which reserves ~256 GB of address space).</summary>
    public long VirtualMemoryBytes { get; init; }
}
