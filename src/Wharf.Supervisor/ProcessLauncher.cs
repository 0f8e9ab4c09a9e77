using System.Collections;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Config;
using Wharf.Hosting;
using Wharf.Hosting.Launch;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// Starts child processes through the launch step (`wharf exec-step`): Process.Start runs the
/// step, which puts the child in its own session, drops it to its account, keeps only the
/// descriptors named, gives it only the environment named and execve's the program, so the
/// Process is the program's pid and exit. .NET cannot say which descriptors a child keeps, so
/// every start is serialised: the descriptors meant for this child are made inheritable, the
/// step is started, and they are made close-on-exec again before any other start can happen.
/// </summary>
internal sealed class ProcessLauncher(DataRoot root, OrphanReaper reaper, (string File, string[] Prefix)? self = null)
{
    private static readonly Lock StartLock = new();

    /// <summary>What a service's files are created with: its group may read, nobody else anything.</summary>
    public const int ServiceUmask = 0b000_010_111;

    public sealed record Launched(Process Process, Socket Control);

    public static bool RunningAsRoot => Libc.geteuid() == 0;

    /// <summary>Starts `wharf service run NAME` with its listeners and one end of a new control channel.</summary>
    /// <param name="account">Null: as the supervisor's own user (a supervisor that is not root).</param>
    public Launched StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, UnixAccount? account,
        IReadOnlyDictionary<string, string>? environment = null, string? viewsFolder = null)
    {
        Span<int> pair = stackalloc int[2];
        if (Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, pair) != 0)
            throw new IOException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        var parentEnd = new Socket(new SafeSocketHandle(pair[0], ownsHandle: true));
        var childEnd = pair[1];

        var (file, prefix) = SelfCommand();
        var env = SupervisorEnvironment();
        if (environment is not null) foreach (var (name, value) in environment) env[name] = value;
        env[EnvironmentNames.ListenFds] = InheritedListeners.Format(listeners);
        env[EnvironmentNames.ControlFd] = childEnd.ToString();
        env[EnvironmentNames.ConfigPath] = configPath;
        env[EnvironmentNames.ConfigVersion] = configVersion.ToString();
        if (viewsFolder is not null) env[EnvironmentNames.ConfigViews] = viewsFolder;
        env[DataRoot.EnvironmentVariable] = root.Path;
        if (account is not null)
        {
            env["USER"] = env["LOGNAME"] = account.Name;
            env["HOME"] = "/";
        }
        int[] inherit = [childEnd, .. listeners.Values];
        var spec = new LaunchSpec
        {
            Program = file,
            Arguments = [.. prefix, "service", "run", service, "--root", root.Path],
            Environment = env,
            Account = Account(account),
            Descriptors = [.. inherit.Select(fd => new LaunchDescriptor(fd, fd))],
            Umask = account is null ? null : ServiceUmask,
        };

        try
        {
            var process = Start(spec, inherit);
            return new Launched(process, parentEnd);
        }
        catch
        {
            parentEnd.Dispose();
            throw;
        }
        finally
        {
            Libc.close(childEnd);
        }
    }

    /// <summary>
    /// Whether <paramref name="account"/> can run this executable and read <paramref name="configPath"/>,
    /// asked of the kernel by running test(1) as that account: exact where a reading of mode bits
    /// would miss groups and ACLs. Null when it can; else what it cannot reach.
    /// </summary>
    public string? CannotRun(UnixAccount account, string configPath)
    {
        var (file, prefix) = SelfCommand();
        var checks = new List<(string Test, string Path)> { ("-x", file), ("-r", configPath) };
        checks.AddRange(prefix.Select(p => ("-r", p)));
        foreach (var (test, path) in checks)
            if (!Test(account, test, path)) return $"{(test == "-x" ? "run" : "read")} {path}";
        return null;
    }

    private bool Test(UnixAccount account, string test, string path)
    {
        using var process = Start(new LaunchSpec { Program = "/usr/bin/test", Arguments = [test, path], Account = Account(account) }, []);
        process.WaitForExit();
        reaper.Forget(process.Id);
        return process.ExitCode == 0;
    }

    /// <summary>
    /// Runs a recovery program through /bin/sh as <paramref name="account"/> (never root: see
    /// <see cref="RunAsPolicy"/>), in its own session, with a clean environment and no descriptor
    /// of ours but 0, 1 and 2; forgets it once it ends.
    /// </summary>
    public void StartProgram(string commandLine, string service, int failCount, UnixAccount account)
    {
        var spec = new LaunchSpec
        {
            Program = "/bin/sh",
            Arguments = ["-c", commandLine],
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
                ["HOME"] = "/",
                ["USER"] = account.Name,
                ["LOGNAME"] = account.Name,
                ["WHARF_SERVICE"] = service,
                ["WHARF_FAIL_COUNT"] = failCount.ToString(),
                [DataRoot.EnvironmentVariable] = root.Path,
            },
            Account = Account(account),
            Umask = ServiceUmask,
        };
        ForgetWhenEnded(Start(spec, []), reaper.Forget);
    }

    /// <summary>A program that is not waited for (recovery, a pool's autoShutdownExe): forgotten by the orphan sweep and disposed once it ends.</summary>
    public static void ForgetWhenEnded(Process process, Action<int> forget) =>
        _ = process.WaitForExitAsync().ContinueWith(_ =>
        {
            forget(process.Id);
            process.Dispose();
        }, TaskScheduler.Default);

    /// <summary>Runs a program of the supervisor's own (useradd) to its end, as a child the orphan sweep knows; its exit code and stderr.</summary>
    public (int ExitCode, string Error) RunToEnd(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Scrub(start.Environment);
        Process process;
        lock (StartLock)
        {
            process = Process.Start(start) ?? throw new IOException($"could not start {program}");
            reaper.Track(process.Id);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            reaper.Forget(process.Id);
            return (process.ExitCode, error.Result);
        }
    }

    /// <summary>
    /// A pool's worker (Pools/Launch builds the spec, with its own pipes for stdin, stdout and
    /// stderr among the descriptors): through the launch step like every child, with
    /// <paramref name="inherit"/> inheritable for this start only.
    /// </summary>
    public Process StartWorker(LaunchSpec spec, IReadOnlyList<int> inherit) => Start(spec, inherit);

    private static LaunchAccount? Account(UnixAccount? account) =>
        account is null ? null : new LaunchAccount(account.Uid, account.Gid, [account.Gid]);

    /// <summary>
    /// Every child starts here, through the launch step: <paramref name="inherit"/> is inheritable
    /// only for this start, and the child is known to the reaper before any sweep can see it.
    /// </summary>
    private Process Start(LaunchSpec spec, IReadOnlyList<int> inherit)
    {
        var (file, prefix) = self ?? SelfCommand();
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in prefix) start.ArgumentList.Add(a);
        start.ArgumentList.Add(ExecStep.Command);
        // The step's own environment is the spec and what the runtime needs to start (DOTNET_*
        // under `dotnet wharf.dll`); the program gets only the spec's.
        foreach (var name in start.Environment.Keys.ToArray())
            if (!name.StartsWith("DOTNET_", StringComparison.Ordinal)) start.Environment.Remove(name);
        start.Environment[ExecStep.SpecVariable] = JsonSerializer.Serialize(spec, LaunchJsonContext.Default.LaunchSpec);

        lock (StartLock)
        {
            foreach (var fd in inherit) Libc.SetInheritable(fd, true);
            try
            {
                var process = Process.Start(start) ?? throw new IOException($"could not start {spec.Program}");
                reaper.Track(process.Id);
                return process;
            }
            finally
            {
                foreach (var fd in inherit) Libc.SetInheritable(fd, false);
            }
        }
    }

    /// <summary>Ends and reaps orphans; under the start lock so a child just forked is never taken for one.</summary>
    public int SweepOrphans()
    {
        lock (StartLock) return reaper.Sweep();
    }

    public void ForgetChild(int pid) => reaper.Forget(pid);

    /// <summary>Ends whatever a service left in its process group.</summary>
    public void KillGroup(int pgid) => Libc.kill(-pgid, Libc.SIGKILL);

    /// <summary>This same executable, whether it runs as the native `wharf` or as `dotnet wharf.dll`.</summary>
    public static (string File, string[] Prefix) SelfCommand()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the wharf executable");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [Path.Combine(AppContext.BaseDirectory, "wharf.dll")])
            : (path, []);
    }

    /// <summary>The supervisor's environment, less what is not for its children.</summary>
    private static Dictionary<string, string> SupervisorEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = (string?)e.Value ?? "";
        Scrub(env);
        return env;
    }

    // What systemd gave the supervisor is not for its children.
    private static void Scrub(IDictionary<string, string?> environment)
    {
        foreach (var name in Scrubbed) environment.Remove(name);
    }

    private static void Scrub(Dictionary<string, string> environment)
    {
        foreach (var name in Scrubbed) environment.Remove(name);
    }

    private static readonly string[] Scrubbed =
    [
        EnvironmentNames.SystemdListenFds, EnvironmentNames.SystemdListenPid, EnvironmentNames.SystemdListenFdNames,
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
        EnvironmentNames.RebootListenFds, EnvironmentNames.RebootDrainingPids,
    ];
}
