namespace Wharf.Hosting;

/// <summary>One process as <c>/proc/PID/stat</c> describes it: what the supervisor's orphan sweep and a service's last act both need.</summary>
public readonly record struct ProcStat(int Pid, int ParentPid, int Group)
{
    /// <summary>Every process this one can see; one that ends while being read is skipped.</summary>
    public static IEnumerable<ProcStat> All()
    {
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories("/proc"); }
        catch (IOException) { yield break; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (Parse(pid, stat) is { } process) yield return process;
        }
    }

    /// <summary>A <c>/proc/PID/stat</c> line; the command name may hold spaces and parentheses, so fields count from the last ')'.</summary>
    public static ProcStat? Parse(int pid, string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0) return null;
        // After ") " come: state, ppid, pgrp.
        var fields = stat[(end + 1)..].Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 && int.TryParse(fields[1], out var parent) && int.TryParse(fields[2], out var group)
            ? new ProcStat(pid, parent, group)
            : null;
    }
}
