namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Chooses what gives the most: cgroup v2 when its hierarchy can be written and offers cpu and
/// memory; else v1 (cpu, cpuacct, memory), with freeze and kill from a v2 hierarchy when one is
/// mounted beside it (it needs no controllers for those) or else from the v1 freezer; else
/// nothing, with every reason in <see cref="IWorkerCgroups.Description"/>.
/// </summary>
internal static class CgroupDetection
{
    public static IWorkerCgroups Detect(CgroupHost host)
    {
        var mounts = CgroupMounts.Parse(host.MountInfo);
        var self = CgroupMounts.ParseSelf(host.SelfCgroup);
        var delegated = host.Delegated ? CgroupHost.DelegatedPath(mounts, self) ?? self.GetValueOrDefault("") : null;

        var v2Reason = TryV2(mounts, host, delegated, out var v2);
        if (v2 is not null) return v2;
        var v1Reason = TryV1(mounts, self, host, delegated, out var v1);
        if (v1 is not null) return v1;
        return new NoCgroups(
            $"no cgroup can be written ({v2Reason}; {v1Reason}): memory and CPU are read from /proc, " +
            "CPU throttling, memory throttling and suspend are unavailable, and killW3wp kills the worker's process group");
    }

    private static string TryV2(CgroupMounts mounts, CgroupHost host, string? delegated, out IWorkerCgroups? found)
    {
        found = null;
        if (mounts.V2Mount is not { } mount) return "cgroup v2: not mounted";
        // Controllers a new child can get are those its parent has; the parent is the mount's root or our delegated folder.
        var parent = delegated is null ? mount : mount + delegated;
        var controllers = (CgroupFiles.Read(Path.Combine(parent, "cgroup.controllers")) ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var missing = new[] { "cpu", "memory" }.Where(c => !controllers.Contains(c)).ToArray();
        if (missing.Length > 0) return $"cgroup v2 at {parent} lacks the {string.Join(" and ", missing)} controller{(missing.Length > 1 ? "s" : "")}";

        // Every folder from the parent down to wharf-pools enables cpu and memory for its children.
        var chain = new List<string>();
        if (delegated is null)
        {
            chain.Add(mount);
            chain.Add(Path.Combine(mount, "wharf"));
            chain.Add(Path.Combine(mount, "wharf", host.Instance));
        }
        else
        {
            // No process may sit in a v2 folder that enables controllers for children: move ours into a leaf.
            if (MoveIntoLeaf(parent) is { } why) return $"cgroup v2 at {parent}: {why}";
            chain.Add(parent);
        }
        var pools = Path.Combine(chain[^1], "wharf-pools");
        chain.Add(pools);
        foreach (var folder in chain)
        {
            if (MakeFolder(folder) is { } why) return $"cgroup v2: {why}";
            if (!CgroupFiles.Write(Path.Combine(folder, "cgroup.subtree_control"), "+cpu +memory"))
                return $"cgroup v2: cannot enable cpu and memory in {folder}/cgroup.subtree_control";
        }
        var extras = File.Exists(Path.Combine(pools, "cgroup.kill")) ? "freeze, kill" : "freeze";
        found = new WorkerCgroups(new CgroupLayout { V2 = pools }, $"cgroup v2 (cpu, memory, {extras}) under {pools}");
        return "";
    }

    private static string TryV1(CgroupMounts mounts, IReadOnlyDictionary<string, string> self, CgroupHost host, string? delegated, out IWorkerCgroups? found)
    {
        found = null;
        var missing = new[] { "cpu", "cpuacct", "memory" }.Where(c => !mounts.V1Mounts.ContainsKey(c)).ToArray();
        if (missing.Length > 0) return $"cgroup v1: {string.Join(", ", missing)} not mounted";

        string? PoolsOf(string mount, string controller) =>
            delegated is not null && self.TryGetValue(controller, out var own)
                ? Path.Combine(mount + own, "wharf-pools")
                : Path.Combine(mount, "wharf", host.Instance, "wharf-pools");

        var layout = new CgroupLayout
        {
            Cpu = PoolsOf(mounts.V1Mounts["cpu"], "cpu"),
            Cpuacct = PoolsOf(mounts.V1Mounts["cpuacct"], "cpuacct"),
            Memory = PoolsOf(mounts.V1Mounts["memory"], "memory"),
        };
        foreach (var folder in layout.Roots)
            if (MakeFolder(folder) is { } why) return $"cgroup v1: {why}";

        // A v2 hierarchy beside v1 (hybrid) has cgroup.freeze (5.2) and cgroup.kill (5.14) in every folder but its root.
        string? unified = null;
        if (mounts.V2Mount is { } v2)
        {
            var candidate = Path.Combine(delegated is null ? Path.Combine(v2, "wharf", host.Instance) : v2 + delegated, "wharf-pools");
            if (MakeFolder(candidate) is null && File.Exists(Path.Combine(candidate, "cgroup.freeze"))) unified = candidate;
        }
        string? freezer = null;
        if (unified is null && mounts.V1Mounts.TryGetValue("freezer", out var freezerMount))
        {
            var candidate = PoolsOf(freezerMount, "freezer")!;
            if (MakeFolder(candidate) is null) freezer = candidate;
        }
        layout = layout with { Unified = unified, Freezer = freezer };
        var levers = unified is not null ? $"with cgroup v2 under {unified} for freeze and kill"
            : freezer is not null ? "freezer"
            : "no freezer: workers cannot be suspended";
        found = new WorkerCgroups(layout, $"cgroup v1 (cpu, cpuacct, memory; {levers}) under {layout.Memory}; memory throttling needs v2");
        return "";
    }

    private static string? MakeFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create {folder}: {e.Message}";
        }
    }

    private static string? MoveIntoLeaf(string delegatedFolder)
    {
        var leaf = Path.Combine(delegatedFolder, CgroupHost.SupervisorLeaf);
        if (MakeFolder(leaf) is { } why) return why;
        foreach (var pid in CgroupFiles.Pids(delegatedFolder))
            if (!CgroupFiles.Write(Path.Combine(leaf, "cgroup.procs"), pid.ToString()))
                return $"cannot move process {pid} into {leaf}";
        return null;
    }
}
