using Wharf.Hosting.Native;

namespace Wharf.Hosting;

/// <summary>
/// A service process leads its own process group, and what it starts (app-pool workers, CGI
/// programs, test helpers) joins that group. Before the service exits, for any reason, it ends
/// the rest of the group, so nothing it started outlives it, even when the supervisor is gone.
/// </summary>
public static class ProcessGroup
{
    /// <summary>Kills every other member of this process's group; returns how many were signalled.</summary>
    public static int EndOtherMembers()
    {
        var self = Environment.ProcessId;
        var group = Libc.getpgrp();
        // Only a group we lead is ours to end: a service run by hand from a shell shares the shell's group.
        if (group != self) return 0;
        var ended = 0;
        foreach (var pid in MembersOf(group))
        {
            if (pid == self) continue;
            if (Libc.kill(pid, Libc.SIGKILL) == 0) ended++;
        }
        return ended;
    }

    /// <summary>Processes in <paramref name="group"/>.</summary>
    public static IEnumerable<int> MembersOf(int group) =>
        ProcStat.All().Where(p => p.Group == group).Select(p => p.Pid);
}
