namespace Wharf.Supervisor.Pools.Resources;

/// <summary>Workers' cgroups on the layout detection chose (<see cref="CgroupDetection"/>).</summary>
internal sealed class WorkerCgroups(CgroupLayout layout, string description) : IWorkerCgroups
{
    public string Description => description;

    public bool Available => true;

    public bool CanFreeze => layout.V2 is not null || layout.Unified is not null || layout.Freezer is not null;

    public bool CanThrottleMemory => layout.V2 is not null;

    public IWorkerCgroup? Create(string pool, string workerId)
    {
        var poolFolder = CgroupName.Escape(pool);
        var relative = Path.Combine(poolFolder, CgroupName.Escape(workerId));
        var made = new List<string>();
        try
        {
            foreach (var root in layout.Roots)
            {
                var poolPath = Path.Combine(root, poolFolder);
                if (!Directory.Exists(poolPath))
                {
                    Directory.CreateDirectory(poolPath);
                    // v2 gives a child a controller only when its parent enables it for its children.
                    if (root == layout.V2) CgroupFiles.Write(Path.Combine(poolPath, "cgroup.subtree_control"), "+cpu +memory");
                }
                var workerPath = Path.Combine(root, relative);
                Directory.CreateDirectory(workerPath);
                made.Add(workerPath);
                // An out-of-memory kill takes the whole worker, never one process of it, as a worker is one unit.
                if (root == layout.V2) CgroupFiles.Write(Path.Combine(workerPath, "memory.oom.group"), "1");
            }
            return layout.Worker(workerId, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var path in made) CgroupFiles.RemoveFolder(path);
            return null;
        }
    }

    public IReadOnlyList<int> SweepLeftovers(IReadOnlySet<string> keep)
    {
        var killed = new List<int>();
        foreach (var relative in WorkerFolders())
        {
            var id = CgroupName.Unescape(Path.GetFileName(relative));
            if (id is null || keep.Contains(id)) continue;
            var cgroup = layout.Worker(id, relative);
            var pids = cgroup.JoinPaths.SelectMany(CgroupFiles.Pids).Distinct().ToArray();
            if (pids.Length > 0)
            {
                cgroup.KillAll();
                CgroupFiles.WaitFor(() => cgroup.JoinPaths.All(p => CgroupFiles.Pids(p).Count == 0), TimeSpan.FromSeconds(2));
                killed.AddRange(pids);
            }
            cgroup.Remove();
        }
        foreach (var root in layout.Roots)
            foreach (var pool in Subfolders(root))
                if (!Subfolders(pool).Any()) CgroupFiles.RemoveFolder(pool);
        return killed;
    }

    /// <summary>"&lt;pool&gt;/&lt;worker&gt;" found under any hierarchy (a crash may leave one in some and not others).</summary>
    private IEnumerable<string> WorkerFolders() =>
        layout.Roots
            .SelectMany(root => Subfolders(root).SelectMany(pool => Subfolders(pool).Select(worker => Path.GetRelativePath(root, worker))))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static IEnumerable<string> Subfolders(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}

/// <summary>Neither v2 nor v1 can be written: the reason, for the event and `wharf apppool show`.</summary>
internal sealed class NoCgroups(string description) : IWorkerCgroups
{
    public string Description => description;
    public bool Available => false;
    public bool CanFreeze => false;
    public bool CanThrottleMemory => false;
    public IWorkerCgroup? Create(string pool, string workerId) => null;

    // Without cgroups, leftovers are found by the worker records (pid and start time) instead.
    public IReadOnlyList<int> SweepLeftovers(IReadOnlySet<string> keep) => [];
}
