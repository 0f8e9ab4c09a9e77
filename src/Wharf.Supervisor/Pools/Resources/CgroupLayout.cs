namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// The wharf-pools folder of each hierarchy Wharf uses; a worker's folders are
/// &lt;wharf-pools&gt;/&lt;pool&gt;/&lt;worker&gt; under each. Either <see cref="V2"/> alone, or the v1
/// set (cpu, cpuacct, memory required; freezer, or a v2 folder used only for freeze and kill).
/// </summary>
internal sealed record CgroupLayout
{
    public string? V2 { get; init; }
    public string? Cpu { get; init; }
    public string? Cpuacct { get; init; }
    public string? Memory { get; init; }
    public string? Freezer { get; init; }

    /// <summary>With v1: a v2 hierarchy without controllers, for cgroup.freeze and cgroup.kill.</summary>
    public string? Unified { get; init; }

    public IReadOnlyList<string> Roots =>
        new[] { V2, Cpu, Cpuacct, Memory, Freezer, Unified }.OfType<string>().Distinct().ToArray();

    public IWorkerCgroup Worker(string workerId, string relative) =>
        V2 is not null
            ? new V2WorkerCgroup(workerId, Path.Combine(V2, relative))
            : new V1WorkerCgroup(workerId, Path.Combine(Cpu!, relative), Path.Combine(Cpuacct!, relative),
                Path.Combine(Memory!, relative), Freezer is null ? null : Path.Combine(Freezer, relative),
                Unified is null ? null : Path.Combine(Unified, relative));
}
