namespace Wharf.Hosting.Launch;

/// <summary>
/// The system calls of the exec step, so that tests can check their order and each failure
/// without a real process. Each returns 0, or the errno of the failure.
/// </summary>
internal interface IExecSyscalls
{
    int CreateSession();
    int CreateProcessGroup();
    int JoinCgroup(string folder);
    int SetRlimit(int resource, ulong soft, ulong hard);
    int SetCpuAffinity(IReadOnlyList<int> cpus);
    int ProcessId();
    int SetGroups(IReadOnlyList<uint> groups);
    int SetGid(uint gid);
    int SetUid(uint uid);
    (uint Real, uint Effective, uint Saved) UserIds();
    /// <summary>fcntl(F_DUPFD): a copy at the lowest free number at or above <paramref name="minimum"/>.</summary>
    int DuplicateAbove(int from, int minimum, out int duplicate);

    /// <summary>dup2; the source is closed by the execve unless it is kept.</summary>
    int MoveDescriptor(int from, int to);

    /// <summary>Marks every descriptor above 2 but these close-on-exec, and these inheritable.</summary>
    int KeepOnly(IReadOnlySet<int> descriptors);

    void SetUmask(int mask);
    int ResetSignals();
    int ChangeDirectory(string path);

    /// <summary>Does not return when it works; a fake returns 0.</summary>
    int Execute(string program, string[] argv, string[] environment);
}
