using System.Runtime.InteropServices;
using Wharf.Hosting.Native;

namespace Wharf.Hosting.Launch;

internal sealed class LinuxExecSyscalls : IExecSyscalls
{
    private static int Errno(int result) => result < 0 ? Marshal.GetLastPInvokeError() : 0;

    public int CreateSession() => Errno(Libc.setsid());

    public int CreateProcessGroup() => Errno(Libc.setpgid(0, 0));

    public int JoinCgroup(string folder)
    {
        // cgroup.procs in v2 and in every v1 hierarchy; one write moves the whole process.
        var fd = Libc.open(Path.Combine(folder, "cgroup.procs"), Libc.O_WRONLY | Libc.O_CLOEXEC);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        var written = Libc.write(fd, pid, (nuint)pid.Length);
        var errno = written < 0 ? Marshal.GetLastPInvokeError() : 0;
        Libc.close(fd);
        return errno;
    }

    public int SetRlimit(int resource, ulong soft, ulong hard) =>
        Errno(Libc.setrlimit(resource, new Libc.RLimit { Current = soft, Maximum = hard }));

    public int SetCpuAffinity(IReadOnlyList<int> cpus)
    {
        var mask = new byte[ExecStep.MaxCpus / 8];
        foreach (var cpu in cpus) mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        return Errno(Libc.sched_setaffinity(0, (nuint)mask.Length, mask));
    }

    public int ProcessId() => Environment.ProcessId;

    public int SetGroups(IReadOnlyList<uint> groups) => Errno(Libc.setgroups((nuint)groups.Count, [.. groups]));

    public int SetGid(uint gid) => Errno(Libc.setgid(gid));

    public int SetUid(uint uid) => Errno(Libc.setuid(uid));

    public (uint Real, uint Effective, uint Saved) UserIds()
    {
        Libc.getresuid(out var r, out var e, out var s);
        return (r, e, s);
    }

    public int DuplicateAbove(int from, int minimum, out int duplicate)
    {
        duplicate = Libc.fcntl(from, F_DUPFD_CLOEXEC, minimum);
        return Errno(duplicate);
    }

    // Its copy is close-on-exec: only the dup2 into place is inherited.
    private const int F_DUPFD_CLOEXEC = 1030;

    public int MoveDescriptor(int from, int to) => Errno(Libc.dup2(from, to));

    public int KeepOnly(IReadOnlySet<int> descriptors)
    {
        int[] open;
        try
        {
            open = [.. Directory.EnumerateFileSystemEntries("/proc/self/fd").Select(p => int.Parse(Path.GetFileName(p)))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 2; // ENOENT: no /proc
        }
        foreach (var fd in open.Where(fd => fd > 2))
        {
            var flags = Libc.fcntl(fd, Libc.F_GETFD, 0);
            // The listing's own descriptor is gone by now.
            if (flags < 0) continue;
            var wanted = descriptors.Contains(fd) ? flags & ~Libc.FD_CLOEXEC : flags | Libc.FD_CLOEXEC;
            if (wanted != flags && Libc.fcntl(fd, Libc.F_SETFD, wanted) < 0) return Marshal.GetLastPInvokeError();
        }
        foreach (var fd in descriptors.Where(fd => !open.Contains(fd)))
            if (Libc.fcntl(fd, Libc.F_GETFD, 0) < 0) return Marshal.GetLastPInvokeError();
        return 0;
    }

    public void SetUmask(int mask) => Libc.umask((uint)mask);

    public int ResetSignals()
    {
        // An execve resets handled signals but keeps ignored ones and the mask: .NET ignores
        // SIGPIPE, which a program must not inherit (a shell pipeline would never end).
        for (var signal = 1; signal < 32; signal++)
            if (signal is not (Libc.SIGKILL or 19)) Libc.signal(signal, 0);
        return Errno(Libc.sigprocmask(Libc.SIG_SETMASK, new byte[128], 0));
    }

    public int ChangeDirectory(string path) => Errno(Libc.chdir(path));

    public int Execute(string program, string[] argv, string[] environment)
    {
        Console.Out.Flush();
        Libc.execve(program, [.. argv, null], [.. environment, null]);
        return Marshal.GetLastPInvokeError();
    }
}
