using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Every worker ends here: its timers stop, its cgroup goes, www is told; an exit nobody asked
/// for is a crash, whose event names what the worker was serving, counts towards rapid-fail
/// protection, and is replaced where requests wait or the pool is always running.
/// </summary>
internal sealed class WorkerExitWatch(PoolRunner runner)
{
    public async Task WatchAsync(PoolWorker worker)
    {
        var env = runner.Env;
        var exit = await worker.Process.Exited;
        worker.StopTimers();
        env.CleanUpAfter(worker.Pid);
        PoolRunner.RemoveQuietly(worker.Cgroup);
        var state = worker.State;
        runner.Remove(worker);
        var process = worker.Process;

        if (process.StopRequested || state == WorkerState.Orphaned)
        {
            if (process.KilledBecause is null)
                env.Events.Write(runner.Label, EventName.WorkerStopped, $"{worker} stopped ({exit})", worker.Pid, exit.ExitCode, exit.SignalName);
            await env.Changed();
            return;
        }
        // One that never got ready is its start's failure, counted there.
        if (state is WorkerState.Starting or WorkerState.Warming)
        {
            await env.Changed();
            return;
        }

        var requests = await env.Requests.WorkerRequestsAsync(worker.Id, PoolRunner.InFlightWait);
        var uptime = RecoveryPolicy.Describe(TimeSpan.FromSeconds(Math.Round((env.Time.GetUtcNow() - worker.StartedAt).TotalSeconds)));
        var what = $"{worker} ended unexpectedly ({exit}) after {uptime}";
        env.Events.Write(runner.Label, EventName.WorkerCrashed, $"{what}; {InFlightText.Describe(requests)}", worker.Pid, exit.ExitCode, exit.SignalName);
        await env.Changed();

        await runner.Op.WaitAsync();
        try
        {
            runner.Message = what;
            if (runner.Fail(what)) return;
            // A crash with requests waiting, or of an always-running pool, is replaced at once;
            // otherwise the next request asks for a worker (www's demand).
            // Through the garden's free slots: www's demand may have started the replacement already
            // while this waited for the lock, and a slot never holds two workers.
            if (runner.Runnable && (runner.Config.StartMode == AppPoolStartMode.AlwaysRunning || requests is not { Count: 0 }))
                await runner.FillGardenAsync($"replacing {worker.Id}, which crashed");
        }
        finally
        {
            runner.Op.Release();
        }
    }
}
