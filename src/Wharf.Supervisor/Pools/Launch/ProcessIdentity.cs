namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// What <c>/proc/PID/stat</c> says of a process that tells it from any other that later gets its
/// pid: its start time (field 22, in clock ticks since boot), with its parent and group.
/// </summary>
internal readonly record struct ProcessIdentity(int ParentPid, int Group, ulong StartTicks)
{
    public static ProcessIdentity? Of(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The command name may hold spaces and parentheses, so fields count from the last ')'.</summary>
    public static ProcessIdentity? Parse(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0) return null;
        // After ") " come field 3 (state), 4 (ppid), 5 (pgrp) ... 22 (starttime).
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && int.TryParse(fields[1], out var parent) && int.TryParse(fields[2], out var group) && ulong.TryParse(fields[19], out var start)
            ? new ProcessIdentity(parent, group, start)
            : null;
    }

    /// <summary>Still the process <paramref name="record"/> names: the same pid started at the same tick (a recycled pid never is).</summary>
    public static bool IsStill(WorkerRecord record, ProcessIdentity? now) => now is { } n && n.StartTicks == record.ProcessStartTicks;

    /// <summary>A worker a /reboot left running: still that process, and still this supervisor's child (an execve keeps children).</summary>
    public static bool CanAdopt(WorkerRecord record, ProcessIdentity? now, int self) => IsStill(record, now) && now!.Value.ParentPid == self;
}
