using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// The real <see cref="IWorkerLauncher"/>: prepares what a worker needs on the machine (account,
/// socket folder or port, log files, environment) and starts it through the launch step, which
/// puts it in its own session and cgroup with its rlimits and account before it execve's the
/// pool's program. Under a supervisor that is not root, workers run as the supervisor's own
/// account: nothing changes user, and the folders keep that account's.
/// </summary>
internal sealed class WorkerLauncher(
    DataRoot root,
    Func<LaunchSpec, IReadOnlyList<int>, Process> start,
    Action<int> forget,
    PoolAccounts? accounts,
    AccountDatabase database,
    Func<WharfConfig> config,
    Action<string, string> warn) : IWorkerLauncher
{
    /// <summary>On this machine: <paramref name="launcher"/>'s launch step, useradd for a missing pool account, events in the supervisor's log.</summary>
    public static WorkerLauncher ForMachine(SupervisorContext context, ProcessLauncher launcher)
    {
        var database = new AccountDatabase();
        var accounts = ProcessLauncher.RunningAsRoot
            ? new PoolAccounts(database, name => UserAdd(launcher, name), (pool, account) => context.Events.Write($"apppool/{pool}", EventName.PoolAccountCreated,
                $"created the system account {account.Name} (uid {account.Uid}) for pool {pool}: {ServiceAccountSetup.Command(account.Name)}"))
            : null;
        return new WorkerLauncher(context.Root, launcher.StartWorker, launcher.ForgetChild, accounts, database, () => context.Config,
            (pool, message) => context.Events.Write($"apppool/{pool}", EventName.Warning, message));
    }

    public LaunchedWorker Launch(WorkerLaunchRequest request)
    {
        var pool = request.Pool;
        var program = pool.Program ?? throw new WorkerLaunchException($"pool {pool.Name} has no program: www serves its applications itself");
        var current = config();
        var account = accounts?.Resolve(pool, ServiceAccounts.All(current).Values);
        var endpoint = program.Listen == WorkerListen.Tcp ? new WorkerEndpoint(null, FreeLoopbackPort()) : SocketEndpoint(pool, request.WorkerId, account, current);

        var (environment, ignored) = WorkerEnvironment.Build(program, pool.Name, request.WorkerId, endpoint, [.. request.HandedSockets.Select(h => h.Name)]);
        if (ignored.Count > 0)
            warn(pool.Name, $"pool {pool.Name}: environment variables ignored for worker {request.WorkerId}: {string.Join(", ", ignored)}");

        var (outLog, errLog) = OpenLogs(pool.Name, request.WorkerId);
        var opened = new List<int>();
        try
        {
            var nothing = PoolNative.open("/dev/null", PoolNative.O_RDONLY | PoolNative.O_CLOEXEC);
            if (nothing < 0) throw new IOException("cannot open /dev/null");
            opened.Add(nothing);
            var output = PoolNative.Pipe();
            opened.AddRange([output.Read, output.Write]);
            var errors = PoolNative.Pipe();
            opened.AddRange([errors.Read, errors.Write]);
            // A site's physical path may be relative to the data root, as www reads it.
            var folder = request.DefaultWorkingDirectory is { } d ? root.Resolve(d) : null;
            var spec = WorkerLaunchSpec.Build(pool, folder, environment, account, request.Cgroup?.JoinPaths ?? [], request.HandedSockets,
                (nothing, output.Write, errors.Write));
            var process = start(spec, [nothing, output.Write, errors.Write, .. request.HandedSockets.Select(h => h.Fd)]);
            // The worker holds the write ends now; the supervisor keeps only the read ends.
            foreach (var fd in new[] { nothing, output.Write, errors.Write }) Hosting.Native.Libc.close(fd);
            opened.Clear();
            var worker = new WorkerProcess(process, pid => { forget(pid); RemoveSocket(endpoint); }, [new WorkerOutput(output.Read, outLog), new WorkerOutput(errors.Read, errLog)]);
            return new LaunchedWorker(worker, endpoint.Route, account?.Name ?? Environment.UserName);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException or WorkerLaunchException)
        {
            foreach (var fd in opened) Hosting.Native.Libc.close(fd);
            outLog.Dispose();
            errLog.Dispose();
            if (e is WorkerLaunchException) throw;
            throw new WorkerLaunchException($"cannot start the launch step for pool {pool.Name}'s worker {request.WorkerId}: {e.Message}");
        }
    }

    /// <summary>
    /// failure.autoShutdownExe and orphanActionExe: the configuration's programs, so they run as the
    /// pool's own account (never root) through the launch step, with no shell and a clean
    /// environment, and are not waited for.
    /// </summary>
    public void RunProgram(AppPoolConfig pool, string program, IReadOnlyList<string> arguments)
    {
        if (!Path.IsPathFullyQualified(program))
            throw new WorkerLaunchException($"{program} is not an absolute path; a pool's program is never searched for in PATH");
        var account = accounts?.Resolve(pool, ServiceAccounts.All(config()).Values);
        var spec = new LaunchSpec
        {
            Program = program,
            Arguments = arguments,
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
                ["HOME"] = "/",
                ["WHARF_APP_POOL"] = pool.Name,
                [DataRoot.EnvironmentVariable] = root.Path,
            },
            Account = account is null ? null : new LaunchAccount(account.Uid, account.Gid, [.. account.GroupIds]),
            Umask = WorkerLaunchSpec.Umask,
        };
        ProcessLauncher.ForgetWhenEnded(start(spec, []), forget);
    }

    private WorkerEndpoint SocketEndpoint(AppPoolConfig pool, string workerId, UnixAccount? account, WharfConfig current)
    {
        uint? wwwGroup = null;
        if (account is not null)
        {
            var www = ServiceAccounts.For(ServiceNames.Www, current.Services.Get(ServiceNames.Www));
            wwwGroup = database.Find(www)?.Gid ?? throw new WorkerLaunchException(
                $"pool {pool.Name}'s socket folder is shared with www's account {www}, which does not exist yet: start www first (wharf service start www)");
        }
        string folder;
        try
        {
            folder = PoolFolders.PrepareSocketFolder(root, pool.Name, account, wwwGroup);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerLaunchException($"cannot make pool {pool.Name}'s socket folder under {root.RunFolder}: {e.Message}");
        }
        var path = Path.Combine(folder, PoolNames.WorkerFileName(workerId) + ".sock");
        if (path.Length > DataRoot.MaxUnixSocketPath)
            throw new WorkerLaunchException($"the socket path {path} is {path.Length} bytes, more than a Unix socket takes ({DataRoot.MaxUnixSocketPath}): use a shorter data root, or listen: tcp");
        // A socket left by a worker before this one (or anything its account put there) goes; unlink never follows a link.
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerLaunchException($"cannot remove the old socket {path} before worker {workerId} starts: {e.Message}");
        }
        return new WorkerEndpoint(path, null);
    }

    /// <summary>A worker's socket file outlives it; numbers are not reused while the supervisor runs, so it goes when the worker does (unlink never follows a link).</summary>
    internal static void RemoveSocket(WorkerEndpoint endpoint)
    {
        if (endpoint.SocketPath is not { } path) return;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something else its account put there: the next launch of that number says so.
        }
    }

    private (RotatingLogFile Out, RotatingLogFile Err) OpenLogs(string pool, string workerId)
    {
        var group = UnixAccounts.FindGroupId(LocalAdminPolicy.AdminGroup);
        string folder;
        try
        {
            folder = PoolFolders.PrepareLogFolder(root, pool, group);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerLaunchException($"cannot make pool {pool}'s log folder under {root.LogsFolder}: {e.Message}");
        }
        var name = PoolNames.WorkerFileName(workerId);
        return (new RotatingLogFile(Path.Combine(folder, name + ".out.log"), RotatingLogFile.DefaultMaxBytes, RotatingLogFile.DefaultKeep, PoolFolders.LogFileMode, group),
                new RotatingLogFile(Path.Combine(folder, name + ".err.log"), RotatingLogFile.DefaultMaxBytes, RotatingLogFile.DefaultKeep, PoolFolders.LogFileMode, group));
    }

    /// <summary>A port free now on 127.0.0.1: the kernel picks it, and it is let go at once for the worker to bind.</summary>
    internal static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string? UserAdd(ProcessLauncher launcher, string name)
    {
        try
        {
            var (exit, error) = launcher.RunToEnd("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]);
            return exit == 0 ? null : $"useradd exited with {exit}: {error.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot run useradd: {e.Message}";
        }
    }
}
