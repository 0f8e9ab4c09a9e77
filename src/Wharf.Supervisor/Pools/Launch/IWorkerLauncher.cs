using Wharf.Config.Model;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// Starts one worker of a pool through the launch step: the pool's account (made when missing and
/// allowed), its socket folder or port, its log files, a clean environment, rlimits, its cgroup.
/// </summary>
internal interface IWorkerLauncher
{
    /// <exception cref="WorkerLaunchException">It cannot be launched; the message says why in plain words.</exception>
    LaunchedWorker Launch(WorkerLaunchRequest request);

    /// <summary>
    /// failure.autoShutdownExe or orphanActionExe: <paramref name="program"/> as the pool's account,
    /// through the launch step (no shell), not waited for. Added by the pool runner; the default
    /// refuses, so a launcher that does not run programs says so in the event.
    /// </summary>
    /// <exception cref="WorkerLaunchException">It cannot be run; the message says why.</exception>
    void RunProgram(AppPoolConfig pool, string program, IReadOnlyList<string> arguments) =>
        throw new WorkerLaunchException("this worker launcher does not run a pool's programs");
}

/// <param name="WorkerId">The pool's name, '#', and a number never reused while the supervisor runs.</param>
/// <param name="DefaultWorkingDirectory">The physical path of the first application that uses the pool, when the program names none.</param>
/// <param name="HandedSockets">Direct hand-off: listening sockets the worker gets from fd 3 with LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID.</param>
internal sealed record WorkerLaunchRequest(
    AppPoolConfig Pool,
    string WorkerId,
    string? DefaultWorkingDirectory,
    IWorkerCgroup? Cgroup,
    IReadOnlyList<HandedSocket> HandedSockets);

/// <summary>A listening socket the supervisor holds, given to a worker as is.</summary>
internal sealed record HandedSocket(string Name, int Fd);

/// <param name="Endpoint">Where www forwards: "unix:/abs/path.sock" or "127.0.0.1:PORT" (WorkerRoute.Endpoint).</param>
/// <param name="Account">The account it runs as, for status and events.</param>
internal sealed record LaunchedWorker(ISupervisedProcess Process, string Endpoint, string Account);

internal sealed class WorkerLaunchException(string message) : Exception(message);
