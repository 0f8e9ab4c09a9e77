using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Supervisor.Pools.Runner;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>Reading from /proc whether a worker waits on a handed socket: a /proc tree in a temporary folder, and this process's own.</summary>
public sealed class HandedSocketUseTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("whproc.").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    /// <summary>A process in the fake /proc: its stat (with its session), its descriptors' links, its eventpolls' fdinfo, its threads' syscall.</summary>
    private void Process(int pid, int session, IReadOnlyDictionary<int, string>? fds = null, IReadOnlyDictionary<int, string>? fdinfo = null, params string[] syscalls)
    {
        var dir = Path.Combine(_proc, pid.ToString());
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        Directory.CreateDirectory(Path.Combine(dir, "fdinfo"));
        File.WriteAllText(Path.Combine(dir, "stat"), $"{pid} (dotnet (worker)) S 1 {session} {session} 0 -1 4194560 0 0 0 0 5 3 0 0 20 0 1 0 0 0 0");
        foreach (var (fd, target) in fds ?? new Dictionary<int, string>())
            File.CreateSymbolicLink(Path.Combine(dir, "fd", fd.ToString()), target);
        foreach (var (fd, text) in fdinfo ?? new Dictionary<int, string>())
            File.WriteAllText(Path.Combine(dir, "fdinfo", fd.ToString()), text);
        for (var t = 0; t < syscalls.Length; t++)
        {
            var task = Path.Combine(dir, "task", (pid + t).ToString());
            Directory.CreateDirectory(task);
            File.WriteAllText(Path.Combine(task, "syscall"), syscalls[t] + "\n");
        }
    }

    private static string EpollInfo(params long[] watched) =>
        "pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1038\n"
        + string.Concat(watched.Select((inode, i) => $"tfd:       {3 + i} events: 8000001d data:                0  pos:0 ino:{inode:x} sdev:9\n"));

    [Fact]
    public void A_socket_in_an_epoll_set_of_a_process_of_the_session_is_waited_on()
    {
        // The master (the session's leader) only forks; its child polls the socket.
        Process(700, 700, new Dictionary<int, string> { [3] = "socket:[6891488]" });
        Process(701, 700, new Dictionary<int, string> { [3] = "socket:[6891488]", [10] = "anon_inode:[eventpoll]" },
            new Dictionary<int, string> { [10] = EpollInfo(55, 6891488) });
        Process(800, 800, new Dictionary<int, string> { [10] = "anon_inode:[eventpoll]" }, new Dictionary<int, string> { [10] = EpollInfo(42) });
        var use = new HandedSocketUse(_proc);

        var session = use.Session(700);

        Assert.Equal([700, 701], session.Order());
        Assert.True(use.AnyWaitsOn(session, new HashSet<long> { 6891488 }));
        Assert.False(use.AnyWaitsOn(session, new HashSet<long> { 42 }));
        Assert.False(use.AnyWaitsOn([700], new HashSet<long> { 6891488 }));
    }

    [SkippableFact]
    public void A_thread_blocked_in_accept_on_the_socket_waits_on_it()
    {
        var accept4 = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => 288, Architecture.Arm64 => 242, _ => -1 };
        Skip.If(accept4 < 0, "accept's syscall number is known for x64 and arm64 only");
        Process(900, 900, new Dictionary<int, string> { [3] = "socket:[777]", [4] = "socket:[778]" }, null,
            "running", $"{accept4} 0x4 0x7ffc 0x7ffd 0x80000 0x0 0x0 0x7ffc 0x7f00", "202 0x5608eefdf410 0x189 0x0 0x0 0x0 0xffffffff 0x7fff 0x7f3a");
        var use = new HandedSocketUse(_proc);

        Assert.True(use.AnyWaitsOn([900], new HashSet<long> { 778 }));
        Assert.False(use.AnyWaitsOn([900], new HashSet<long> { 777 }));
    }

    [SkippableFact]
    public void A_thread_in_poll_or_select_reading_the_socket_waits_on_it()
    {
        var (poll, select) = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => (7, 270), Architecture.Arm64 => (73, 72), _ => (-1, -1) };
        Skip.If(poll < 0, "poll's and select's syscall numbers are known for x64 and arm64 only");
        // Python's socketserver: poll on fd 5 (POLLIN) and fd 4 (POLLOUT only); gunicorn's sync worker: select's read set holds fd 6.
        Process(910, 910, new Dictionary<int, string> { [4] = "socket:[801]", [5] = "socket:[802]", [6] = "socket:[803]" }, null,
            $"{poll} 0x1000 0x2 0x1f4 0x0 0x0 0x0 0x7ffc 0x7f00", $"{select} 0x7 0x2000 0x0 0x0 0x7ffc 0x0 0x7ffc 0x7f00");
        using (var mem = File.OpenWrite(Path.Combine(_proc, "910", "mem")))
        {
            mem.Position = 0x1000;
            mem.Write([4, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0]);
            mem.Position = 0x2000;
            mem.Write([0b0100_0000, 0, 0, 0, 0, 0, 0, 0]);
        }
        var use = new HandedSocketUse(_proc);

        Assert.True(use.AnyWaitsOn([910], new HashSet<long> { 802 }));
        Assert.True(use.AnyWaitsOn([910], new HashSet<long> { 803 }));
        Assert.False(use.AnyWaitsOn([910], new HashSet<long> { 801 }));
    }

    [Fact]
    public void A_process_that_only_holds_the_socket_does_not_wait_on_it()
    {
        Process(600, 600, new Dictionary<int, string> { [3] = "socket:[6891488]", [10] = "anon_inode:[eventpoll]" }, new Dictionary<int, string> { [10] = EpollInfo() }, "running");

        Assert.False(new HandedSocketUse(_proc).AnyWaitsOn([600, 601], new HashSet<long> { 6891488 }));
    }

    [Theory]
    [InlineData("socket:[6891488]", 6891488L)]
    [InlineData("anon_inode:[eventpoll]", null)]
    [InlineData("socket:[]", null)]
    [InlineData("/dev/null", null)]
    public void A_descriptors_link_names_its_socket_inode(string link, long? inode) =>
        Assert.Equal(inode, HandedSocketUse.SocketInode(link));

    [Theory]
    [InlineData("tfd:        3 events: 8000001d data:                0  pos:0 ino:6927e0 sdev:9", 6891488L)]
    [InlineData("tfd:        3 events: 19 data: 0  pos:0 ino:ff", 255L)]
    [InlineData("tfd:        3 events: 19 data: 0", null)]
    public void An_eventpoll_line_names_the_watched_inode_in_hexadecimal(string line, long? inode) =>
        Assert.Equal(inode, HandedSocketUse.WatchedInode(line));

    [Fact]
    public async Task This_process_waits_on_a_listening_socket_once_it_accepts_on_it()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var use = new HandedSocketUse();
        var inode = use.InodeOf(Environment.ProcessId, (int)listener.Handle)!.Value;

        Assert.False(use.AnyWaitsOn([Environment.ProcessId], new HashSet<long> { inode }));
        using var cancel = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();
        try
        {
            // The runtime registers the socket with its epoll when the accept would block.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!use.AnyWaitsOn([Environment.ProcessId], new HashSet<long> { inode }) && DateTime.UtcNow < deadline) await Task.Yield();
            Assert.True(use.AnyWaitsOn([Environment.ProcessId], new HashSet<long> { inode }));
        }
        finally
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        }
    }
}
