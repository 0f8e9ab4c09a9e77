using System.Collections.Concurrent;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// The supervisor is a child subreaper: processes orphaned by a service that died (pool workers,
/// say) are re-parented to it. .NET reaps only the children it started, so this ends and reaps
/// the rest. Processes it must leave alone for now (the previous image's services after /reboot)
/// are listed with <see cref="Spare"/>.
/// </summary>
internal sealed class OrphanReaper
{
    private readonly ConcurrentDictionary<int, byte> _known = new();
    private readonly ConcurrentDictionary<int, byte> _spared = new();

    public static void BecomeSubreaper() => Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    /// <summary>Called (under the launcher's start lock) for every child .NET started and will reap itself.</summary>
    public void Track(int pid) => _known[pid] = 0;

    public void Forget(int pid) => _known.TryRemove(pid, out _);

    public void Spare(int pid) => _spared[pid] = 0;

    public void Unspare(int pid) => _spared.TryRemove(pid, out _);

    public bool IsSpared(int pid) => _spared.ContainsKey(pid);

    /// <summary>Kills untracked running children and reaps exited ones.</summary>
    public int Sweep()
    {
        var self = Environment.ProcessId;
        var ended = 0;
        foreach (var pid in ChildrenOf(self))
        {
            if (_known.ContainsKey(pid)) continue;
            // A spared child is reaped by whoever spared it (RetireAsync, an adopted worker's
            // wait), who needs its exit status.
            if (_spared.ContainsKey(pid)) continue;
            Libc.kill(pid, Libc.SIGKILL);
            ended++;
            Libc.waitpid(pid, out _, Libc.WNOHANG);
        }
        return ended;
    }

    /// <summary>Reaps one spared child if it has exited; true when it is gone.</summary>
    public static bool TryReap(int pid)
    {
        var r = Libc.waitpid(pid, out _, Libc.WNOHANG);
        return r == pid || r < 0;
    }

    private static IEnumerable<int> ChildrenOf(int parent) =>
        ProcStat.All().Where(p => p.ParentPid == parent).Select(p => p.Pid);
}
