using System.Diagnostics;
using System.Net.Sockets;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Lifecycle;

/// <summary>The real <see cref="IProcessLauncher"/>: <see cref="ProcessLauncher"/>'s children, as the lifecycle sees them.</summary>
internal sealed class SystemProcessLauncher(ProcessLauncher launcher) : IProcessLauncher
{
    public bool ChangesAccounts => ProcessLauncher.RunningAsRoot;

    public LaunchedService StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, UnixAccount? account,
        IReadOnlyDictionary<string, string>? environment, string? viewsFolder)
    {
        var launched = launcher.StartService(service, listeners, configPath, configVersion, account, environment, viewsFolder);
        return new LaunchedService(new OsProcess(launched.Process), new NetworkStream(launched.Control, ownsSocket: true));
    }

    public string? CannotRun(UnixAccount account, string configPath) => launcher.CannotRun(account, configPath);

    public void StartProgram(string commandLine, string service, int failCount, UnixAccount account) => launcher.StartProgram(commandLine, service, failCount, account);

    public (int ExitCode, string Error) RunToEnd(string program, IReadOnlyList<string> arguments) => launcher.RunToEnd(program, arguments);

    public void CleanUpAfter(int pid)
    {
        launcher.ForgetChild(pid);
        launcher.KillGroup(pid);
        launcher.SweepOrphans();
    }

    private sealed class OsProcess : ISupervisedProcess
    {
        private readonly Process _process;

        public OsProcess(Process process)
        {
            _process = process;
            Pid = process.Id;
            Exited = WaitAsync();
        }

        public int Pid { get; }
        public Task<ProcessExit> Exited { get; }

        public void KillGroup()
        {
            Libc.kill(-Pid, Libc.SIGKILL);
            Libc.kill(Pid, Libc.SIGKILL);
        }

        private async Task<ProcessExit> WaitAsync()
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            var code = _process.ExitCode;
            _process.Dispose();
            // .NET reports death by signal N as 128 + N.
            return code > 128 && code < 128 + 65 ? new ProcessExit(null, code - 128) : new ProcessExit(code, null);
        }
    }
}
