using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;
using Wharf.TestKit;

namespace Wharf.Supervisor.Tests.Pools.Launch;

/// <summary>The launch for real: the built `wharf exec-step` becomes a worker that reports what it found itself with.</summary>
public sealed class WorkerLauncherTests : IDisposable
{
    private const string Python = "/usr/bin/python3";

    // Binds where it is told, as a server would, and reports its world on stdout (and a line on stderr).
    private const string Report = """
        import os, socket, sys
        url = os.environ["ASPNETCORE_URLS"]
        print("ids", os.getuid(), os.getgid(), os.getresuid())
        print("session", os.getsid(0) == os.getpid(), os.getpgrp() == os.getpid())
        print("umask", oct(os.umask(0)))
        import resource
        print("nofile", resource.getrlimit(resource.RLIMIT_NOFILE))
        print("core", resource.getrlimit(resource.RLIMIT_CORE))
        print("cwd", os.getcwd())
        print("env", sorted(k for k in os.environ if k not in ("LC_CTYPE",)))
        if url.startswith("http://unix:"):
            path = url[len("http://unix:"):]
            s = socket.socket(socket.AF_UNIX); os.umask(0o007); s.bind(path)
            st = os.stat(path); d = os.stat(os.path.dirname(path))
            print("socket", oct(st.st_mode & 0o777), st.st_gid)
            print("folder", oct(d.st_mode & 0o7777), d.st_uid, d.st_gid)
        print("to stderr", file=sys.stderr)
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("wharf-pl-").FullName;
    private readonly List<string> _warnings = [];

    public WorkerLauncherTests()
    {
        // The pool's account must be able to reach its socket folder under the data root.
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(_root, "run"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(_root, "logs"), (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private WorkerLauncher Launcher()
    {
        var reaper = new OrphanReaper();
        var processes = new ProcessLauncher(new DataRoot(_root), reaper, (WharfPaths.Executable, []));
        var database = new AccountDatabase();
        var accounts = ProcessLauncher.RunningAsRoot ? new PoolAccounts(database, CreateAccount, (_, _) => { }) : null;
        return new WorkerLauncher(new DataRoot(_root), processes.StartWorker, processes.ForgetChild, accounts, database, () => new WharfConfig(),
            (_, message) => _warnings.Add(message));
    }

    private static string? CreateAccount(string name)
    {
        var r = CommandResult.RunAsync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]).GetAwaiter().GetResult();
        return r.ExitCode == 0 ? null : r.StandardError;
    }

    private static AppPoolConfig Pool(WorkerListen listen) => new()
    {
        Name = "launchtest",
        Program = new WorkerProgramConfig
        {
            Command = Python,
            Arguments = ["-c", Report],
            Listen = listen,
            OpenFilesLimit = 4321,
            Environment = [new EnvironmentVariableConfig { Name = "MINE", Value = "1" }, new EnvironmentVariableConfig { Name = "WHARF_WORKER_ID", Value = "forged" }],
        },
    };

    private async Task<(LaunchedWorker Worker, Dictionary<string, string> Facts, string Errors)> RunAsync(WorkerListen listen) =>
        await FinishAsync(Launcher().Launch(new WorkerLaunchRequest(Pool(listen), "launchtest#7", "/tmp", null, [])));

    private async Task<(LaunchedWorker Worker, Dictionary<string, string> Facts, string Errors)> FinishAsync(LaunchedWorker launched)
    {
        var exit = await launched.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(((WorkerProcess)launched.Process).Output.Select(o => o.Completion)).WaitAsync(TimeSpan.FromSeconds(10));
        var logs = Path.Combine(_root, "logs", "pools", "launchtest");
        // A log file is made at the first byte written to it.
        var errorLog = Path.Combine(logs, "w7.err.log");
        var errors = File.Exists(errorLog) ? File.ReadAllText(errorLog) : "";
        Assert.True(exit.Clean, $"{exit}: {errors}");
        var facts = File.ReadAllLines(Path.Combine(logs, "w7.out.log")).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1]);
        return (launched, facts, errors);
    }

    // Takes the socket at fd 3 as systemd's convention gives it, answers one connection, and says what it was told.
    private const string HandedReport = """
        import os, socket
        print("listen", os.environ["LISTEN_FDS"], os.environ["LISTEN_FDNAMES"], os.environ["LISTEN_PID"] == str(os.getpid()), flush=True)
        print("affinity", sorted(os.sched_getaffinity(0)), flush=True)
        s = socket.socket(fileno=3)
        c, _ = s.accept()
        c.sendall(b"from the worker")
        c.close()
        """;

    [Fact]
    public async Task A_handed_socket_is_the_workers_fd_3_with_LISTEN_FDS_LISTEN_FDNAMES_and_its_own_pid_in_LISTEN_PID()
    {
        var port = FreePort.Next();
        var config = new WharfConfig
        {
            Sites = [new SiteConfig { Name = "api", PhysicalPath = "/tmp", ApplicationPool = "launchtest", Bindings = [new BindingConfig { Address = "127.0.0.1", Port = port }] }],
            ApplicationPools = [Pool(WorkerListen.Tcp)],
        };
        var pool = config.ApplicationPools[0] with
        {
            Program = config.ApplicationPools[0].Program! with { Arguments = ["-c", HandedReport], DirectHandoff = true },
            Cpu = new AppPoolCpuConfig { SmpAffinitized = true, SmpProcessorAffinityMask = 1 },
        };
        config = config with { ApplicationPools = [pool] };
        using var listeners = new ListenerTable(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var handed = HandoffSockets.For(config, "launchtest", listeners);

        var launched = Launcher().Launch(new WorkerLaunchRequest(pool, "launchtest#7", "/tmp", null, handed));
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
            using var reader = new StreamReader(client.GetStream());
            Assert.Equal("from the worker", await reader.ReadToEndAsync());
        }
        var (_, facts, _) = await FinishAsync(launched);

        Assert.Equal([$"www/127.0.0.1:{port}"], handed.Select(h => h.Name));
        Assert.Equal($"1 www/127.0.0.1_{port} True", facts["listen"]);
        Assert.Equal("[0]", facts["affinity"]);
    }

    [SkippableFact]
    public async Task As_root_a_worker_runs_as_its_pools_own_account_in_its_session_with_its_limits_and_a_clean_environment()
    {
        Skip.IfNot(Privileges.IsRoot, "changing to the pool's account needs root, as CI runs the tests");

        var (worker, facts, errors) = await RunAsync(WorkerListen.Unix);

        var account = new AccountDatabase().Find(PoolNames.Account("launchtest"))!;
        Assert.Equal(PoolNames.Account("launchtest"), worker.Account);
        Assert.Equal($"{account.Uid} {account.Gid} ({account.Uid}, {account.Uid}, {account.Uid})", facts["ids"]);
        Assert.Equal("True True", facts["session"]);
        Assert.Equal("0o7", facts["umask"]);
        Assert.Equal("(4321, 4321)", facts["nofile"]);
        Assert.Equal("(0, 0)", facts["core"]);
        Assert.Equal("/tmp", facts["cwd"]);
        Assert.Equal("['ASPNETCORE_FORWARDEDHEADERS_ENABLED', 'ASPNETCORE_URLS', 'HOME', 'LANG', 'MINE', 'PATH', 'WHARF_APP_POOL', 'WHARF_WORKER_ID']", facts["env"]);
        Assert.Contains(_warnings, w => w.Contains("WHARF_WORKER_ID (Wharf sets it)", StringComparison.Ordinal));
        Assert.Equal("to stderr\n", errors);

        var www = new AccountDatabase().Find("wharf-www")!;
        Assert.Equal($"0o770 {www.Gid}", facts["socket"]);
        Assert.Equal($"0o2750 {account.Uid} {www.Gid}", facts["folder"]);
        Assert.Equal($"unix:{Path.Combine(_root, "run", "pools", "launchtest", "w7.sock")}", worker.Endpoint);
        // The worker is gone and its socket file with it.
        var socket = worker.Endpoint["unix:".Length..];
        Assert.False(File.Exists(socket));
        // A socket nobody listens on: "refused" means the account got through to it, "denied" that it did not.
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        bound.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        File.SetUnixFileMode(socket, (UnixFileMode)0b111_111_000);
        Assert.Contains("ConnectionRefused", await ConnectAsAsync(new TestKit.ServiceAccount(www.Uid, www.Gid), socket));
        Assert.Contains("PermissionError", await ConnectAsAsync(new TestKit.ServiceAccount(65534, 65534), socket));
        var log = new FileInfo(Path.Combine(_root, "logs", "pools", "launchtest", "w7.out.log"));
        Assert.Equal((UnixFileMode)0b110_100_000, log.UnixFileMode);
        Assert.Equal("0", (await CommandResult.RunAsync("stat", ["-c", "%u", log.FullName])).StandardOutput.Trim());
    }

    private static async Task<string> ConnectAsAsync(TestKit.ServiceAccount account, string socket)
    {
        var r = await account.ShellAsync("""exec /usr/bin/python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$1" 2>&1""", socket);
        return r.StandardOutput + r.StandardError;
    }

    [SkippableFact]
    public async Task Not_as_root_a_worker_runs_as_the_supervisors_own_account()
    {
        Skip.If(Privileges.IsRoot, "as root the worker runs as the pool's account (the sibling test)");

        var (worker, facts, _) = await RunAsync(WorkerListen.Unix);

        Assert.Equal(Environment.UserName, worker.Account);
        Assert.StartsWith($"{Hosting.Native.Libc.geteuid()} ", facts["ids"]);
        Assert.Equal("(4321, 4321)", facts["nofile"]);
    }

    [Fact]
    public async Task A_tcp_worker_is_told_a_free_loopback_port_and_www_is_told_the_same()
    {
        var (worker, facts, _) = await RunAsync(WorkerListen.Tcp);

        Assert.Matches(@"^127\.0\.0\.1:\d+$", worker.Endpoint);
        Assert.Contains("'PORT'", facts["env"]);
        Assert.False(facts.ContainsKey("socket"));
    }

    [Fact]
    public void A_command_that_is_not_absolute_is_refused_before_anything_starts()
    {
        var pool = Pool(WorkerListen.Unix) with { Program = Pool(WorkerListen.Unix).Program! with { Command = "python3" } };

        var e = Assert.Throws<WorkerLaunchException>(() => Launcher().Launch(new WorkerLaunchRequest(pool, "launchtest#1", "/tmp", null, [])));

        Assert.Contains("not an absolute path", e.Message);
    }
}
