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
/// in accept, poll or select on it (/proc/PID/task/TID/syscall). Sockets compare by inode, so a
/// dup'd descriptor counts. A program that waits otherwise (io_uring) must listen on its own endpoint too.
/// </summary>
internal sealed class HandedSocketUse(string procRoot = "/proc")
{
    /// <summary>The calls a thread blocks in while it waits for connections, by the architecture's numbers (the generic table on arm64, which has no poll or select).</summary>
    private static readonly IReadOnlyDictionary<long, WaitCall> WaitCalls = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => new Dictionary<long, WaitCall> { [43] = WaitCall.Accept, [288] = WaitCall.Accept, [7] = WaitCall.Poll, [271] = WaitCall.Poll, [23] = WaitCall.Select, [270] = WaitCall.Select },
        Architecture.Arm64 => new Dictionary<long, WaitCall> { [202] = WaitCall.Accept, [242] = WaitCall.Accept, [73] = WaitCall.Poll, [72] = WaitCall.Select },
        _ => new Dictionary<long, WaitCall>(),
    };

    private enum WaitCall { Accept, Poll, Select }

    /// <summary>More descriptors than a waiting call's set is worth reading for.</summary>
    private const int MaxPolled = 4096;

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
        return InEpoll(dir, inodes) || InWait(dir, inodes);
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

    /// <summary>
    /// A thread blocked in accept on the socket (its first argument), or in poll or select with it
    /// among the descriptors read for (their sets are in the process's memory, read through
    /// /proc/PID/mem, which root may): Python's socketserver polls, gunicorn's sync workers select.
    /// </summary>
    private static bool InWait(string dir, IReadOnlySet<long> inodes)
    {
        foreach (var task in Entries(Path.Combine(dir, "task")))
        {
            // "NR ARG0 ARG1 ...", the arguments in hexadecimal; "running" or "-1 ..." when not in a call.
            if (CgroupFiles.Read(Path.Combine(task, "syscall")) is not { } line) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var nr) || !WaitCalls.TryGetValue(nr, out var call)) continue;
            if (Hex(f[1]) is not { } arg0 || Hex(f[2]) is not { } arg1) continue;
            IEnumerable<int> fds = call switch
            {
                WaitCall.Accept => arg0 <= int.MaxValue ? [(int)arg0] : [],
                WaitCall.Poll => PolledForReading(dir, arg0, arg1),
                _ => SelectedForReading(dir, arg0, arg1),
            };
            foreach (var fd in fds)
                if (SocketInode(Link(Path.Combine(dir, "fd", fd.ToString(CultureInfo.InvariantCulture)))) is { } inode && inodes.Contains(inode)) return true;
        }
        return false;
    }

    /// <summary>poll's array of struct pollfd { int fd; short events; short revents; }: the descriptors with POLLIN.</summary>
    private static IEnumerable<int> PolledForReading(string dir, ulong array, ulong count)
    {
        if (count is 0 or > MaxPolled || Memory(dir, array, (int)count * 8) is not { } bytes) return [];
        var fds = new List<int>();
        for (var i = 0; i < (int)count; i++)
        {
            var fd = BitConverter.ToInt32(bytes, i * 8);
            if (fd >= 0 && (BitConverter.ToInt16(bytes, i * 8 + 4) & 1) != 0) fds.Add(fd);
        }
        return fds;
    }

    /// <summary>select's read set, a bitmap of nfds bits in 64-bit words.</summary>
    private static IEnumerable<int> SelectedForReading(string dir, ulong nfds, ulong set)
    {
        if (nfds is 0 or > MaxPolled || set == 0 || Memory(dir, set, ((int)nfds + 63) / 64 * 8) is not { } bytes) return [];
        var fds = new List<int>();
        for (var fd = 0; fd < (int)nfds; fd++)
            if ((bytes[fd / 8] & (1 << (fd % 8))) != 0) fds.Add(fd);
        return fds;
    }

    private static byte[]? Memory(string dir, ulong address, int length)
    {
        if (address > long.MaxValue) return null;
        try
        {
            using var mem = File.OpenHandle(Path.Combine(dir, "mem"), FileMode.Open, FileAccess.Read);
            var bytes = new byte[length];
            return RandomAccess.Read(mem, bytes, (long)address) == length ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ulong? Hex(string value) =>
        value.StartsWith("0x", StringComparison.Ordinal) && ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : null;

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
