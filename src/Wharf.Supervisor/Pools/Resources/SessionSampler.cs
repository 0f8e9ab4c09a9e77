namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Where no cgroup can be written: a worker is a session leader, so its use is the sum over the
/// processes of its session, read from /proc. One scan of /proc serves every worker.
/// </summary>
internal sealed class SessionSampler(string procRoot = "/proc")
{
    /// <summary>USER_HZ, the unit of /proc/PID/stat's times, is 100 on every Linux architecture .NET runs on.</summary>
    private const int TicksPerSecond = 100;

    /// <summary>A sample per session id (a worker's pid); a session with no process left is absent.</summary>
    public IReadOnlyDictionary<int, ResourceSample> Sample(IReadOnlyCollection<int> sessions)
    {
        var totals = new Dictionary<int, (long Anon, long Virtual, long Ticks)>();
        if (sessions.Count == 0) return new Dictionary<int, ResourceSample>();
        var wanted = sessions.ToHashSet();
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories(procRoot); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { dirs = []; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (CgroupFiles.Read(Path.Combine(dir, "stat")) is not { } stat || Parse(stat) is not { } p || !wanted.Contains(p.Session)) continue;
            var memory = ProcStatus.Read(procRoot, pid) ?? default;
            totals.TryGetValue(p.Session, out var t);
            totals[p.Session] = (t.Anon + memory.RssAnonBytes, t.Virtual + memory.VmSizeBytes, t.Ticks + p.Ticks);
        }
        return totals.ToDictionary(
            kv => kv.Key,
            kv => new ResourceSample(kv.Value.Anon, TimeSpan.FromSeconds(kv.Value.Ticks / (double)TicksPerSecond)) { VirtualMemoryBytes = kv.Value.Virtual });
    }

    /// <summary>
    /// The session (field 6) and utime+stime+cutime+cstime (14 to 17) of a /proc/PID/stat line:
    /// children the session's processes reaped count too. The command name may hold spaces and
    /// parentheses, so fields count from the last ')'.
    /// </summary>
    public static (int Session, long Ticks)? Parse(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0) return null;
        var f = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // f[0] is field 3 (state).
        if (f.Length < 15 || !int.TryParse(f[3], out var session)) return null;
        long ticks = 0;
        for (var i = 11; i <= 14; i++)
            if (long.TryParse(f[i], out var v)) ticks += v;
        return (session, ticks);
    }
}
