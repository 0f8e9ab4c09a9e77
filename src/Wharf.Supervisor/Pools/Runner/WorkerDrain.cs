using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// How workers are stopped: taken out of rotation (www told they drain) under the operation lock,
/// then SIGTERM and a deadline outside it, so that a slow drain never holds up a new worker;
/// what is left at the deadline is killed with its group, and the event names what it served.
/// </summary>
internal sealed class WorkerDrain(PoolRunner runner)
{
    /// <summary>Marks workers draining and tells www, so no new request reaches them before SIGTERM. Under the operation lock.</summary>
    public async Task<IReadOnlyList<PoolWorker>> TakeOutOfRotationAsync(IEnumerable<PoolWorker> workers)
    {
        var taken = workers.Where(w => !w.Leaving && !w.Process.HasExited).ToArray();
        foreach (var w in taken) w.State = WorkerState.Draining;
        if (taken.Length > 0) await runner.Env.Changed();
        return taken;
    }

    /// <summary>
    /// Asks each worker to stop (SIGTERM) after www has been told it drains, waits up to
    /// <paramref name="timeout"/>, then kills what is left with its group (or leaves it, /noforce),
    /// naming the requests each killed one was serving. The callers mark them draining first.
    /// </summary>
    public async Task<DrainResult> DrainAsync(IReadOnlyList<PoolWorker> workers, TimeSpan timeout, bool force, string why, ProgressReporter? progress)
    {
        var env = runner.Env;
        if (workers.Count == 0) return new DrainResult([], [], null);
        foreach (var w in workers)
        {
            w.StopTimers();
            // A frozen process cannot act on SIGTERM.
            if (w.Cgroup is { } cgroup && env.Cgroups is { CanFreeze: true }) cgroup.Thaw();
        }
        var result = await Drain.RunAsync(workers.Select(w => w.Process).ToArray(), timeout, force, env.EndNow.Current,
            _ => { },
            (p, secondsLeft) => progress?.Invoke(runner.Label, $"waiting for worker {workers.First(w => w.Process == p).Id} (pid {p.Pid}) to finish", secondsLeft),
            env.Time);
        foreach (var killed in result.Killed)
        {
            var worker = workers.First(w => w.Pid == killed.Pid);
            // What left its process group is still in its cgroup.
            worker.Cgroup?.KillAll();
            var requests = await env.Requests.WorkerRequestsAsync(worker.Id, PoolRunner.InFlightWait);
            var how = result.EndedNowBy is { } by ? $"ended now, as {by} asked" : $"still running {RecoveryPolicy.Describe(timeout)} after it was told to stop";
            env.Events.Write(runner.Label, EventName.WorkerKilled, $"{worker} {how} ({why}); killed with its group; {InFlightText.Describe(requests)}", worker.Pid);
        }
        return result;
    }

    /// <summary>Drains and stops every worker (orphans stay, for debugging, unless <paramref name="orphansToo"/>).</summary>
    public async Task<DrainResult> StopWorkersAsync(TimeSpan? timeout, bool force, string why, ProgressReporter? progress, bool orphansToo)
    {
        IReadOnlyList<PoolWorker> targets;
        await runner.Op.WaitAsync();
        try
        {
            targets = await TakeOutOfRotationAsync(runner.Workers());
            if (orphansToo) targets = [.. targets, .. runner.Workers().Where(w => w.State == WorkerState.Orphaned && !w.Process.HasExited)];
        }
        finally
        {
            runner.Op.Release();
        }
        return await DrainAsync(targets, timeout ?? runner.Config.ProcessModel.ShutdownTimeLimit, force, why, progress);
    }
}
