using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// What a pool's runner does about www's reports (demand, warm-up, health, idleness, request
/// counts, a worker's own request, app_offline.htm) and the resource watch's decisions: each one
/// under the runner's operation lock, with the runner's own starts, drains and recycles.
/// </summary>
internal sealed class PoolReactions(PoolRunner runner)
{
    public async Task OnReportAsync(PoolReport report)
    {
        var worker = report.Worker is { } id ? runner.Find(id) : null;
        switch (report.Kind)
        {
            case PoolReportKind.Demand:
                await DemandAsync();
                break;
            case PoolReportKind.Warmed:
                worker?.WarmUpDone(null);
                break;
            case PoolReportKind.WarmFailed:
                worker?.WarmUpDone(report.Detail ?? "no reason given");
                break;
            case PoolReportKind.Unhealthy when worker is not null:
                await UnhealthyAsync(worker, report.Detail ?? "a health request failed");
                break;
            case PoolReportKind.Idle:
                await IdleAsync();
                break;
            case PoolReportKind.RequestsReached when worker is not null:
                await runner.RecycleAsync(RecycleReason.Requests, report.Detail, [worker]);
                break;
            case PoolReportKind.WorkerAsked when worker is not null:
                await runner.RecycleAsync(RecycleReason.IsapiUnhealthy, report.Detail, [worker]);
                break;
            case PoolReportKind.Offline:
                await OfflineAsync(report.Detail);
                break;
            case PoolReportKind.Online:
                await OnlineAsync(report.Detail);
                break;
        }
    }

    /// <summary>Requests wait and no worker takes them: thaw suspended workers, start the missing ones.</summary>
    private async Task DemandAsync()
    {
        await runner.Op.WaitAsync();
        try
        {
            if (!runner.Runnable) return;
            var thawed = false;
            foreach (var w in runner.Workers().Where(w => w.State == WorkerState.Suspended))
            {
                w.Cgroup?.Thaw();
                w.State = WorkerState.Active;
                thawed = true;
                runner.Env.Events.Write(runner.Label, EventName.WorkerResumed, $"{w} thawed: a request came", w.Pid);
            }
            if (thawed) await runner.Env.Changed();
            await runner.FillGardenAsync("a request came");
        }
        finally
        {
            runner.Op.Release();
        }
    }

    /// <summary>A health request failed: orphan it (failure.orphanWorkerProcess) or kill it, count the failure, start another.</summary>
    private async Task UnhealthyAsync(PoolWorker worker, string detail)
    {
        await runner.Op.WaitAsync();
        try
        {
            if (worker.Leaving || worker.Process.HasExited || worker.State == WorkerState.Starting) return;
            string what;
            if (runner.Config.Failure.OrphanWorkerProcess)
            {
                worker.State = WorkerState.Orphaned;
                worker.StopTimers();
                what = $"{worker} unhealthy ({detail})";
                var ran = runner.Config.Failure.OrphanActionExe is { } exe
                    ? "; " + PoolPrograms.Run(runner.Env, runner.Config, exe, runner.Config.Failure.OrphanActionParams, worker.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : "";
                runner.Env.Events.Write(runner.Label, EventName.WorkerOrphaned, $"{what}; kept running out of rotation for debugging (failure.orphanWorkerProcess){ran}", worker.Pid);
            }
            else
            {
                worker.State = WorkerState.Draining;
                worker.StopTimers();
                worker.Process.ExpectExit();
                var requests = await runner.Env.Requests.WorkerRequestsAsync(worker.Id, PoolRunner.InFlightWait);
                what = $"{worker} unhealthy ({detail})";
                runner.Env.Events.Write(runner.Label, EventName.WorkerUnhealthy, $"{what}; killed with its group; {InFlightText.Describe(requests)}", worker.Pid);
                worker.Process.Kill($"unhealthy: {detail}");
                worker.Cgroup?.KillAll();
            }
            await runner.Env.Changed();
            runner.Message = what;
            if (runner.Fail(what)) return;
            if (runner.Runnable) await runner.StartWorkerAsync(worker.Slot, replacement: false, $"replacing {worker.Id}, which was unhealthy");
        }
        finally
        {
            runner.Op.Release();
        }
    }

    /// <summary>No request for idleTimeout: suspend (freeze) where the machine can, else terminate; an alwaysRunning pool gets fresh workers.</summary>
    private async Task IdleAsync()
    {
        var idle = RecoveryPolicy.Describe(runner.Config.ProcessModel.IdleTimeout);
        IReadOnlyList<PoolWorker> stopping;
        await runner.Op.WaitAsync();
        try
        {
            var active = runner.Workers().Where(w => w.State == WorkerState.Active).ToList();
            if (active.Count == 0) return;
            var suspend = runner.Config.ProcessModel.IdleTimeoutAction == IdleTimeoutAction.Suspend;
            var canFreeze = runner.Env.Cgroups is { CanFreeze: true };
            var terminate = new List<PoolWorker>();
            foreach (var w in active)
            {
                if (suspend && canFreeze && w.Cgroup is { } cgroup && cgroup.Freeze())
                {
                    w.State = WorkerState.Suspended;
                    runner.Env.Events.Write(runner.Label, EventName.WorkerSuspended, $"{w} suspended (frozen in its cgroup) after {idle} with no request", w.Pid);
                    continue;
                }
                var why = suspend ? $"; it could not be suspended ({(runner.Env.Cgroups?.Description ?? "no cgroup freezer")}), so it was terminated" : "";
                runner.Env.Events.Write(runner.Label, EventName.WorkerIdle, $"{w} stopped after {idle} with no request{why}", w.Pid);
                terminate.Add(w);
            }
            stopping = await runner.TakeOutOfRotationAsync(terminate);
            await runner.Env.Changed();
        }
        finally
        {
            runner.Op.Release();
        }
        await runner.DrainAsync(stopping, runner.Config.ProcessModel.ShutdownTimeLimit, force: true, "idle", null);
        if (stopping.Count > 0) await runner.StartAlwaysRunningAsync("always running: replaced after idling");
    }

    private async Task OfflineAsync(string? detail)
    {
        if (!runner.Offline) runner.Env.Events.Write(runner.Label, EventName.PoolOffline, $"pool {runner.Name} offline: {detail ?? "app_offline.htm"}; its workers stop until it is removed");
        runner.Offline = true;
        await runner.StopWorkersAsync(null, force: true, "app_offline.htm");
    }

    private async Task OnlineAsync(string? detail)
    {
        if (!runner.Offline) return;
        runner.Offline = false;
        runner.Env.Events.Write(runner.Label, EventName.PoolOnline, $"pool {runner.Name} online again{(detail is null ? "" : $": {detail}")}");
        await runner.Env.Changed();
        await runner.StartAlwaysRunningAsync("app_offline.htm removed");
    }

    /// <summary>Carries out what the resource watch decided about a worker after a sample, and writes its event.</summary>
    public async Task CarryOutAsync(PoolWorker worker, ResourceAction action)
    {
        runner.Env.Events.Write(runner.Label, action.Event, $"{worker}: {action.Detail}", worker.Pid);
        switch (action.Kind)
        {
            case ResourceActionKind.Recycle:
                await runner.RecycleAsync(action.Reason ?? RecycleReason.PrivateMemory, action.Detail, [worker], waitForDrain: false);
                break;
            case ResourceActionKind.Kill:
                await KillAsync(worker, action.Detail);
                break;
            default:
                // A cgroup lever (a CPU cap or weight, memory.high): the resources part knows which file.
                ResourceLevers.Apply(action, worker.Cgroup);
                break;
        }
    }

    /// <summary>cpu.action killW3wp, memory action kill: the worker is killed with its group (not a failure); an alwaysRunning pool gets another.</summary>
    private async Task KillAsync(PoolWorker worker, string why)
    {
        await runner.Op.WaitAsync();
        try
        {
            if (worker.Leaving || worker.Process.HasExited) return;
            worker.State = WorkerState.Draining;
            worker.StopTimers();
            worker.Process.ExpectExit();
            var requests = await runner.Env.Requests.WorkerRequestsAsync(worker.Id, PoolRunner.InFlightWait);
            runner.Env.Events.Write(runner.Label, EventName.WorkerKilled, $"{worker} killed with its group ({why}); {InFlightText.Describe(requests)}", worker.Pid);
            worker.Process.Kill(why);
            worker.Cgroup?.KillAll();
            await runner.Env.Changed();
            if (runner.Runnable && runner.Config.StartMode == AppPoolStartMode.AlwaysRunning)
                await runner.StartWorkerAsync(worker.Slot, replacement: false, $"replacing {worker.Id}, which was killed");
        }
        finally
        {
            runner.Op.Release();
        }
    }
}
