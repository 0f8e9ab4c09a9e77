namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Carries out the actions that are a cgroup lever, so the runner keeps to what is its own
/// (Log, Recycle, Kill: the event, the overlapped replacement, the kill that names requests).
/// </summary>
internal static class ResourceLevers
{
    /// <summary>
    /// True when <paramref name="action"/> was a lever and the cgroup took it; false for Log,
    /// Recycle and Kill, for a worker without a cgroup, and where the kernel refused memory.high.
    /// </summary>
    public static bool Apply(ResourceAction action, IWorkerCgroup? cgroup)
    {
        if (cgroup is null) return false;
        switch (action.Kind)
        {
            case ResourceActionKind.CapCpu:
                cgroup.CapCpu(action.Amount);
                return true;
            case ResourceActionKind.LowerCpuWeight:
                cgroup.LowerCpuWeight();
                return true;
            case ResourceActionKind.ClearCpuLimits:
                cgroup.ClearCpuLimits();
                return true;
            case ResourceActionKind.MemoryHigh:
                return cgroup.SetMemoryHigh((long)action.Amount);
            default:
                return false;
        }
    }
}
