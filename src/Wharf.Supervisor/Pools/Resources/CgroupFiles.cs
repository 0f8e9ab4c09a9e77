using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>Reading and writing cgroup files, and what v1 and v2 share: the pids in a cgroup, killing them, removing the folder.</summary>
internal static class CgroupFiles
{
    public static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// One write, as `echo value > file` does (cgroupfs takes O_TRUNC and refuses to create a
    /// file, so a missing control fails here); false when the kernel refuses the value.
    /// </summary>
    public static bool Write(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The value of "key value" in a flat-keyed file (memory.stat, cpu.stat, cgroup.events).</summary>
    public static long? Stat(string? text, string key)
    {
        if (text is null) return null;
        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space == key.Length && line.StartsWith(key, StringComparison.Ordinal) && long.TryParse(line.AsSpan(space + 1), out var value))
                return value;
        }
        return null;
    }

    public static IReadOnlyList<int> Pids(string folder)
    {
        var text = Read(Path.Combine(folder, "cgroup.procs"));
        if (text is null) return [];
        var pids = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, out var pid) && pid > 0) pids.Add(pid);
        return pids;
    }

    public static void KillEach(IEnumerable<int> pids)
    {
        foreach (var pid in pids) Libc.kill(pid, Libc.SIGKILL);
    }

    /// <summary>
    /// Polls a kernel state (a freezer's, a cgroup emptying after a kill). Both settle within
    /// milliseconds; the limit only bounds a cgroup that never gets there (a process stuck in D state).
    /// </summary>
    public static bool WaitFor(Func<bool> reached, TimeSpan limit)
    {
        var until = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (true)
        {
            if (reached()) return true;
            if (Environment.TickCount64 >= until) return false;
            Thread.Sleep(5);
        }
    }

    /// <summary>rmdir, retried while the kernel still counts a process that has just died.</summary>
    public static bool RemoveFolder(string folder) =>
        !Directory.Exists(folder) || WaitFor(() =>
        {
            try
            {
                Directory.Delete(folder, recursive: false);
                return true;
            }
            catch (DirectoryNotFoundException) { return true; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        }, TimeSpan.FromSeconds(1));

    /// <summary>Sum of VmSize over the pids (periodicRestart.memory, IIS's virtual-memory limit).</summary>
    public static long VirtualMemory(IEnumerable<int> pids, string procRoot = "/proc")
    {
        long total = 0;
        foreach (var pid in pids)
            total += ProcStatus.Read(procRoot, pid) is { } status ? status.VmSizeBytes : 0;
        return total;
    }
}
