using System.Globalization;

namespace Wharf.TestKit.Pools;

/// <summary>How much CPU a process uses, read from /proc, for the CPU limit tests.</summary>
public static class ProcessCpu
{
    /// <summary>CPUs the process used over the span, from its utime and stime in /proc/PID/stat.</summary>
    public static async Task<double> ShareAsync(int pid, TimeSpan span)
    {
        var before = Ticks(pid);
        await Task.Delay(span); // a measurement window, not a wait for an event
        return (Ticks(pid) - before) / 100.0 / span.TotalSeconds; // USER_HZ is 100 on Linux
    }

    private static long Ticks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
