using System.Globalization;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// A worker's use where it has no cgroup: every process in its session (the launch step makes the
/// worker a session leader, so its children are counted too), RssAnon from /proc/PID/status (the
/// resident anonymous memory a leak grows, not the shared pages of its executable) and utime+stime.
/// </summary>
internal static class ProcSampler
{
    private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux Wharf targets.

    public static ResourceSample? Sample(int sessionId)
    {
        long memory = 0;
        double ticks = 0;
        var found = false;
        IEnumerable<string> folders;
        try { folders = Directory.EnumerateDirectories("/proc"); }
        catch (IOException) { return null; }
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                // The command may hold spaces and parentheses: fields are counted after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[0] is field 3 (state): session is field 6, utime 14, stime 15.
                if (int.Parse(fields[3], CultureInfo.InvariantCulture) != sessionId) continue;
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                memory += RssAnonBytes(Path.Combine(folder, "status"));
                found = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // Gone between the listing and the read, or not ours to read.
            }
        }
        return found ? new ResourceSample(memory, TimeSpan.FromSeconds(ticks / TicksPerSecond)) : null;
    }

    private static long RssAnonBytes(string statusFile)
    {
        foreach (var line in File.ReadLines(statusFile))
        {
            if (!line.StartsWith("RssAnon:", StringComparison.Ordinal)) continue;
            var kb = line["RssAnon:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks since boot): with the pid, one process for ever; null when it is gone.</summary>
    public static ulong? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return ulong.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
