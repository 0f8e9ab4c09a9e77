using System.Diagnostics;
using Wharf.Hosting.Native;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// A worker this supervisor launched: its exit, and once it has exited, the rest of its process
/// group ended (nothing a worker started outlives it unseen) and the orphan sweep told to forget
/// its pid. Its output is copied to its log files by <see cref="WorkerOutput"/> until the last
/// holder of the pipes is gone.
/// </summary>
internal sealed class WorkerProcess : ISupervisedProcess
{
    private readonly Process _process;
    private readonly Action<int> _ended;

    public WorkerProcess(Process process, Action<int> ended, IReadOnlyList<WorkerOutput> output)
    {
        _process = process;
        _ended = ended;
        Pid = process.Id;
        Output = output;
        WorkerOutputs.Add(Pid, output);
        Exited = WaitAsync();
    }

    public int Pid { get; }

    public Task<ProcessExit> Exited { get; }

    public IReadOnlyList<WorkerOutput> Output { get; }

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
        // It led its group (the launch step's setsid): what it left there goes with it.
        Libc.kill(-Pid, Libc.SIGKILL);
        WorkerOutputs.Remove(Pid);
        _ended(Pid);
        // .NET reports death by signal N as 128 + N.
        return code > 128 && code < 128 + 65 ? new ProcessExit(null, code - 128) : new ProcessExit(code, null);
    }
}
