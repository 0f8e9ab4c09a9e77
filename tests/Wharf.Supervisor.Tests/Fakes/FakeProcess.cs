using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Tests.Fakes;

/// <summary>A process that exists only in the test: it exits when told to, or when its group is killed.</summary>
internal sealed class FakeProcess(int pid) : ISupervisedProcess
{
    private const int SIGKILL = 9;
    private readonly TaskCompletionSource<ProcessExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Pid { get; } = pid;
    public Task<ProcessExit> Exited => _exited.Task;
    public int GroupKills { get; private set; }

    public void KillGroup()
    {
        GroupKills++;
        _exited.TrySetResult(new ProcessExit(null, SIGKILL));
    }

    public void Exit(int code = 0) => _exited.TrySetResult(new ProcessExit(code, null));
}
