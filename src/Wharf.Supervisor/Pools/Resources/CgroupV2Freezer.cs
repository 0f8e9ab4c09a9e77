namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// cgroup v2's cgroup.freeze and cgroup.kill on one folder: used by the v2 worker cgroup, and
/// by the v1 one where the machine also mounts a v2 hierarchy (it then needs no controllers).
/// </summary>
internal static class CgroupV2Freezer
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(2);

    /// <summary>Writes cgroup.freeze and waits until cgroup.events says "frozen" is reached.</summary>
    public static bool Set(string folder, bool frozen)
    {
        if (!CgroupFiles.Write(Path.Combine(folder, "cgroup.freeze"), frozen ? "1" : "0")) return false;
        var want = frozen ? 1 : 0;
        return CgroupFiles.WaitFor(
            () => CgroupFiles.Stat(CgroupFiles.Read(Path.Combine(folder, "cgroup.events")), "frozen") == want,
            SettleLimit);
    }

    /// <summary>cgroup.kill (Linux 5.14) kills every process at once, forks in flight included; false where it is missing.</summary>
    public static bool Kill(string folder) => CgroupFiles.Write(Path.Combine(folder, "cgroup.kill"), "1");
}
