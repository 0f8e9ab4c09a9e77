using Wharf.Hosting.Native;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// A worker the previous image launched, still this process's child after a /reboot's execve,
/// but unknown to .NET, which reaps only children it started: a thread of its own waits for it
/// (waitpid on its pid alone, so no other child's status is taken), and the orphan sweep spares
/// it meanwhile.
/// </summary>
internal sealed class AdoptedWorker : ISupervisedProcess
{
    private readonly Action<int> _ended;

    public AdoptedWorker(int pid, Action<int> ended, IReadOnlyList<WorkerOutput> output)
    {
        Pid = pid;
        _ended = ended;
        Output = output;
        var exited = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        Exited = exited.Task;
        new Thread(() => exited.SetResult(Wait())) { IsBackground = true, Name = $"worker {pid}" }.Start();
    }

    public int Pid { get; }

    public Task<ProcessExit> Exited { get; }

    public IReadOnlyList<WorkerOutput> Output { get; }

    public void KillGroup()
    {
        Libc.kill(-Pid, Libc.SIGKILL);
        Libc.kill(Pid, Libc.SIGKILL);
    }

    private ProcessExit Wait()
    {
        int result, status;
        do result = PoolNative.waitpid(Pid, out status, 0);
        while (result < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == PoolNative.EINTR);
        Libc.kill(-Pid, Libc.SIGKILL);
        _ended(Pid);
        // Reaped by someone else (it should not be): how it ended is unknown, and it is gone.
        if (result != Pid) return new ProcessExit(null, Libc.SIGKILL);
        var (code, signal) = PoolNative.Decode(status);
        return new ProcessExit(code, signal);
    }
}
