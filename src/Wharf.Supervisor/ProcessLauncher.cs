using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Config;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// Starts child processes that inherit chosen descriptors. .NET cannot say which descriptors a
/// child keeps, so every start is serialised: the descriptors meant for this child are made
/// inheritable, the child is started, and they are made close-on-exec again before any other
/// start can happen.
/// </summary>
internal sealed class ProcessLauncher(DataRoot root, OrphanReaper reaper)
{
    private static readonly Lock StartLock = new();

    public sealed record Launched(Process Process, Socket Control);

    public const string ServiceUser = "wharf";
    public const string FallbackUser = "nobody";

    public static bool RunningAsRoot => Libc.geteuid() == 0;

    /// <summary>Starts `wharf service run NAME` with its listeners and one end of a new control channel.</summary>
    public Launched StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, string? user,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Span<int> pair = stackalloc int[2];
        if (Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, pair) != 0)
            throw new IOException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        var parentEnd = new Socket(new SafeSocketHandle(pair[0], ownsHandle: true));
        var childEnd = pair[1];

        var start = SelfStartInfo(["service", "run", service, "--root", root.Path]);
        if (environment is not null) foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment[EnvironmentNames.ListenFds] = InheritedListeners.Format(listeners);
        start.Environment[EnvironmentNames.ControlFd] = childEnd.ToString();
        start.Environment[EnvironmentNames.ConfigPath] = configPath;
        start.Environment[EnvironmentNames.ConfigVersion] = configVersion.ToString();
        start.Environment[DataRoot.EnvironmentVariable] = root.Path;
        if (user is not null)
        {
            // .NET sets the uid, gid and groups of that account in the child before exec.
            start.UserName = user;
            start.Environment["USER"] = user;
            start.Environment["HOME"] = "/";
        }

        try
        {
            var process = Start(start, [childEnd, .. listeners.Values]);
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
    /// Whether <paramref name="user"/> can run this executable and read <paramref name="configPath"/>,
    /// asked of the kernel by running test(1) as that user: exact where a reading of mode bits
    /// would miss groups and ACLs. Null when it can; else what it cannot reach.
    /// </summary>
    public string? CannotRun(string user, string configPath)
    {
        var (file, prefix) = SelfCommand();
        var checks = new List<(string Test, string Path)> { ("-x", file), ("-r", configPath) };
        checks.AddRange(prefix.Select(p => ("-r", p)));
        foreach (var (test, path) in checks)
            if (!Test(user, test, path)) return $"{(test == "-x" ? "run" : "read")} {path}";
        return null;
    }

    private bool Test(string user, string test, string path)
    {
        var start = new ProcessStartInfo("/usr/bin/test") { UseShellExecute = false, UserName = user };
        start.ArgumentList.Add(test);
        start.ArgumentList.Add(path);
        Scrub(start);
        using var process = Start(start, []);
        process.WaitForExit();
        reaper.Forget(process.Id);
        return process.ExitCode == 0;
    }

    /// <summary>Runs a recovery program through /bin/sh, inheriting nothing of ours; forgets it once it ends.</summary>
    public void StartProgram(string commandLine, string service, int failCount)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        Scrub(start);
        start.Environment["WHARF_SERVICE"] = service;
        start.Environment["WHARF_FAIL_COUNT"] = failCount.ToString();
        start.Environment[DataRoot.EnvironmentVariable] = root.Path;
        var process = Start(start, []);
        _ = process.WaitForExitAsync().ContinueWith(_ =>
        {
            reaper.Forget(process.Id);
            process.Dispose();
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// Every child starts here: <paramref name="inherit"/> is inheritable only for this start, and
    /// the child is known to the reaper before any sweep can see it.
    /// </summary>
    private Process Start(ProcessStartInfo start, IReadOnlyList<int> inherit)
    {
        lock (StartLock)
        {
            foreach (var fd in inherit) Libc.SetInheritable(fd, true);
            try
            {
                var process = Process.Start(start) ?? throw new IOException($"could not start {start.FileName}");
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
    public static ProcessStartInfo SelfStartInfo(IEnumerable<string> arguments)
    {
        var (file, prefix) = SelfCommand();
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in prefix.Concat(arguments)) start.ArgumentList.Add(a);
        Scrub(start);
        return start;
    }

    public static (string File, string[] Prefix) SelfCommand()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the wharf executable");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [Path.Combine(AppContext.BaseDirectory, "wharf.dll")])
            : (path, []);
    }

    // What systemd gave the supervisor is not for its children.
    private static void Scrub(ProcessStartInfo start)
    {
        foreach (var name in new[]
                 {
                     EnvironmentNames.SystemdListenFds, EnvironmentNames.SystemdListenPid, EnvironmentNames.SystemdListenFdNames,
                     "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
                     EnvironmentNames.RebootListenFds, EnvironmentNames.RebootDrainingPids,
                 })
            start.Environment.Remove(name);
    }
}
