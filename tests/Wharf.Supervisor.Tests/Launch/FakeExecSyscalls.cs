using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Tests.Launch;

/// <summary>Records each call in order; a call named in <see cref="Failing"/> returns that errno.</summary>
internal sealed class FakeExecSyscalls : IExecSyscalls
{
    public List<string> Calls { get; } = [];
    public Dictionary<string, int> Failing { get; } = [];
    public (uint, uint, uint) Ids { get; set; } = (0, 0, 0);
    public bool RootComesBack { get; set; }

    private int Call(string call)
    {
        Calls.Add(call);
        var name = call.Split(' ')[0];
        return Failing.TryGetValue(call, out var exact) ? exact : Failing.GetValueOrDefault(name);
    }

    public int CreateSession() => Call("setsid");
    public int CreateProcessGroup() => Call("setpgid");
    public int JoinCgroup(string folder) => Call($"cgroup {folder}");
    public int SetRlimit(int resource, ulong soft, ulong hard) => Call($"setrlimit {resource} {soft} {hard}");
    public int SetCpuAffinity(IReadOnlyList<int> cpus) => Call($"affinity {string.Join(",", cpus)}");
    public int ProcessId() => 4242;
    public int SetGroups(IReadOnlyList<uint> groups) => Call($"setgroups {string.Join(",", groups)}");
    public int SetGid(uint gid) => Call($"setgid {gid}");

    public int SetUid(uint uid)
    {
        var errno = Call($"setuid {uid}");
        if (errno != 0) return errno;
        if (uid == 0) return RootComesBack ? 0 : 1; // EPERM, as the kernel answers a dropped account
        if (Ids == (0u, 0u, 0u)) Ids = (uid, uid, uid);
        return 0;
    }

    public (uint Real, uint Effective, uint Saved) UserIds() => Ids;
    private int _nextFree = -1;

    public int DuplicateAbove(int from, int minimum, out int duplicate)
    {
        _nextFree = Math.Max(_nextFree, minimum);
        duplicate = _nextFree++;
        return Call($"dupfd {from} {minimum}");
    }

    public int MoveDescriptor(int from, int to) => Call($"dup2 {from} {to}");
    public int KeepOnly(IReadOnlySet<int> descriptors) => Call($"keep {string.Join(",", descriptors.Order())}");

    public void SetUmask(int mask) => Call($"umask {Convert.ToString(mask, 8)}");
    public int ResetSignals() => Call("signals");
    public int ChangeDirectory(string path) => Call($"chdir {path}");

    public int Execute(string program, string[] argv, string[] environment) =>
        Call($"execve {program} [{string.Join(" ", argv)}] [{string.Join(" ", environment)}]");
}
