using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Pools;

/// <summary>Stands in until the worker launch (Pools/Launch) is joined: every start fails, saying so, so a pool's state is never silent.</summary>
internal sealed class NoWorkerLauncher : IWorkerLauncher
{
    public LaunchedWorker Launch(WorkerLaunchRequest request) =>
        throw new WorkerLaunchException("this build cannot launch workers yet (the worker launch is not joined)");
}
