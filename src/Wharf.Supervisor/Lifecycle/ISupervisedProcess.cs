namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// A running program as the lifecycle sees it, whatever kind it is (a service, a pool worker):
/// its pid, when it ends, and a way to end it with everything it started. The real one wraps
/// a child of <see cref="ProcessLauncher"/>; tests give a fake, so no test needs a real process.
/// </summary>
internal interface ISupervisedProcess
{
    int Pid { get; }

    Task<ProcessExit> Exited { get; }

    /// <summary>SIGKILL to its process group (it is the leader), then to it.</summary>
    void KillGroup();
}
