using System.Globalization;
using System.Runtime.InteropServices;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Whether a worker waits for connections on a socket handed to it (direct hand-off), read from
/// /proc: a program that takes fd 3 by systemd's convention (Kestrel's UseSystemd, gunicorn
/// fd://3, uvicorn --fd 3, Node's listen({fd: 3})) listens on that socket only, so its own
/// endpoint never accepts and cannot say it is ready. The socket has accepted since the
/// supervisor bound it, so a connection proves nothing either; what the kernel does show is a
/// process of the worker's session (a master may fork the ones that accept) that has the socket
/// in an epoll set (/proc/PID/fdinfo of the eventpoll: "tfd: N ... ino:HEX") or a thread blocked
/// in accept on it (/proc/PID/task/TID/syscall). Sockets compare by inode, so a dup'd descriptor counts.
/// </summary>
internal sealed class HandedSocketUse(string procRoot = "/proc")
{
    /// <summary>accept and accept4, by the architecture's syscall numbers (the generic table on arm64).</summary>
    private static readonly IReadOnlySet<long> AcceptCalls = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => new HashSet<long> { 43, 288 },
        Architecture.Arm64 => new HashSet<long> { 202, 242 },
        _ => new HashSet<long>(),
    };

    /// <summary>The inode of "socket:[12345]", a socket descriptor's link in /proc/PID/fd; else null.</summary>
    public static long? SocketInode(string? link) =>
        link is not null && link.StartsWith("socket:[", StringComparison.Ordinal) && link.EndsWith(']')
        && long.TryParse(link.AsSpan(8, link.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : null;

    /// <summary>The inode of one of this process's own descriptors, when it is a socket.</summary>
    public long? InodeOf(int pid, int fd) => SocketInode(Link(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "fd", fd.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The processes whose session is <paramref name="session"/> (a worker is its session's leader).</summary>
    public IReadOnlyList<int> Session(int session)
    {
        var pids = new List<int>();
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories(procRoot); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return pids; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (CgroupFiles.Read(Path.Combine(dir, "stat")) is { } stat && SessionSampler.Parse(stat) is { } p && p.Session == session) pids.Add(pid);
        }
        return pids;
    }

    /// <summary>True when one of <paramref name="pids"/> polls or accepts on a socket with one of <paramref name="inodes"/>.</summary>
    public bool AnyWaitsOn(IEnumerable<int> pids, IReadOnlySet<long> inodes) =>
        inodes.Count > 0 && pids.Any(pid => WaitsOn(pid, inodes));

    private bool WaitsOn(int pid, IReadOnlySet<long> inodes)
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        return InEpoll(dir, inodes) || InAccept(dir, inodes);
    }

    private static bool InEpoll(string dir, IReadOnlySet<long> inodes)
    {
        foreach (var fd in Entries(Path.Combine(dir, "fd")))
        {
            if (Link(fd) != "anon_inode:[eventpoll]") continue;
            if (CgroupFiles.Read(Path.Combine(dir, "fdinfo", Path.GetFileName(fd))) is not { } info) continue;
            foreach (var line in info.Split('\n'))
                if (line.StartsWith("tfd:", StringComparison.Ordinal) && WatchedInode(line) is { } inode && inodes.Contains(inode)) return true;
        }
        return false;
    }

    /// <summary>The "ino:HEX" of an eventpoll's "tfd:" line: the watched file's inode, in hexadecimal.</summary>
    public static long? WatchedInode(string tfdLine)
    {
        var at = tfdLine.IndexOf(" ino:", StringComparison.Ordinal);
        if (at < 0) return null;
        var value = tfdLine.AsSpan(at + 5);
        var end = value.IndexOf(' ');
        if (end >= 0) value = value[..end];
        return long.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var inode) ? inode : null;
    }

    private static bool InAccept(string dir, IReadOnlySet<long> inodes)
    {
        foreach (var task in Entries(Path.Combine(dir, "task")))
        {
            // "NR ARG0 ARG1 ...", ARG0 in hexadecimal; "running" or "-1 ..." when not in a call.
            if (CgroupFiles.Read(Path.Combine(task, "syscall")) is not { } call) continue;
            var f = call.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var nr) || !AcceptCalls.Contains(nr)) continue;
            if (!f[1].StartsWith("0x", StringComparison.Ordinal) || !int.TryParse(f[1].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var fd)) continue;
            if (SocketInode(Link(Path.Combine(dir, "fd", fd.ToString(CultureInfo.InvariantCulture)))) is { } inode && inodes.Contains(inode)) return true;
        }
        return false;
    }

    private static IEnumerable<string> Entries(string dir)
    {
        try { return Directory.GetFileSystemEntries(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string? Link(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
