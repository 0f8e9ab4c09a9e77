using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// A pool's side of /reboot: the old image hands its workers over (they keep running, and their
/// exits are expected), and the new image adopts each from its record, cgroup and all.
/// </summary>
internal sealed class PoolAdoption(PoolRunner runner)
{
    public void HandOver(PoolTriggers triggers)
    {
        triggers.Dispose();
        foreach (var w in runner.Workers())
        {
            w.StopTimers();
            w.Process.ExpectExit();
        }
    }

    public void Adopt(WorkerRecord record, ISupervisedProcess process)
    {
        var env = runner.Env;
        var slot = runner.Garden.SlotForAdopted();
        // The same call that makes a new worker's cgroup finds an adopted one's as it is.
        IWorkerCgroup? cgroup = null;
        try
        {
            cgroup = env.Cgroups is { Available: true } cgroups && record.CgroupPaths.Count > 0 ? cgroups.Create(runner.Name, record.Id) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Events.Write(runner.Label, EventName.CgroupUnavailable, $"pool {runner.Name} worker {record.Id}: its cgroup cannot be taken over: {e.Message}");
        }
        var worker = new PoolWorker(record.Id, runner.Name, slot, new LaunchedWorker(process, record.Endpoint, record.Account), cgroup, record.Generation, env.Time, env.Terminate)
        {
            Adopted = true,
            State = WorkerState.Active,
            StartedAt = record.StartedAt,
        };
        worker.Process.MarkReady();
        runner.AddAdopted(worker, NumberOf(record.Id));
        env.Events.Write(runner.Label, EventName.WorkerAdopted, $"{worker} adopted from the previous supervisor image", worker.Pid);
        runner.WatchExit(worker);
        runner.Triggers.WorkerReady(worker, replacement: true);
    }

    public static int? NumberOf(string workerId) =>
        workerId.LastIndexOf('#') is var i and >= 0 && int.TryParse(workerId.AsSpan(i + 1), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
