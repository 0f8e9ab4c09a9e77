namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Where the cgroup hierarchies are mounted (/proc/self/mountinfo) and where this process sits in
/// each (/proc/self/cgroup): the two files detection reads, parsed here with no I/O.
/// </summary>
internal sealed record CgroupMounts(string? V2Mount, IReadOnlyDictionary<string, string> V1Mounts)
{
    /// <summary>
    /// A mountinfo line: "36 35 0:30 / /sys/fs/cgroup/cpu rw,relatime shared:1 - cgroup cgroup rw,cpu";
    /// after " - " come the filesystem type, the source and the super options, where v1 names its controllers.
    /// </summary>
    public static CgroupMounts Parse(string mountInfo)
    {
        string? v2 = null;
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var head = line[..dash].Split(' ');
            var tail = line[(dash + 3)..].Split(' ');
            if (head.Length < 5 || tail.Length < 3) continue;
            // A bind mount of a sub-folder (root field not "/") is someone's view, not the hierarchy.
            if (head[3] != "/") continue;
            var mountPoint = Unoctal(head[4]);
            switch (tail[0])
            {
                case "cgroup2":
                    v2 ??= mountPoint;
                    break;
                case "cgroup":
                    foreach (var option in tail[2].Split(','))
                        if (option is "cpu" or "cpuacct" or "memory" or "freezer")
                            v1.TryAdd(option, mountPoint);
                    break;
            }
        }
        return new CgroupMounts(v2, v1);
    }

    /// <summary>
    /// /proc/self/cgroup: "4:memory:/process_api/e1c6" per v1 hierarchy (controllers comma-separated),
    /// "0::/system.slice/wharf.service" for v2. Keys: each v1 controller, and "" for v2.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseSelf(string selfCgroup)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (parts[0] == "0" && parts[1] == "") paths.TryAdd("", parts[2]);
            else foreach (var controller in parts[1].Split(',')) paths.TryAdd(controller, parts[2]);
        }
        return paths;
    }

    // mountinfo escapes space, tab, newline and backslash as \040 and the like.
    private static string Unoctal(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
