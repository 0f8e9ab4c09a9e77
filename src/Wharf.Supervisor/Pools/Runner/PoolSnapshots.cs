using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// What a pool's runner publishes: its route in the table sent to www, its status for the CLI
/// and the admin API, and the records kept for /reboot adoption and the crash sweep.
/// </summary>
internal sealed class PoolSnapshots(PoolRunner runner)
{
    public PoolRoute Route()
    {
        var state = runner.RouteState;
        return new PoolRoute
        {
            Pool = runner.Name,
            State = state,
            Reason = state switch
            {
                PoolRouteState.Stopped => runner.Config.State == AppPoolState.Stopped ? "the pool is stopped in the configuration" : "the pool was stopped by an administrator",
                PoolRouteState.RapidFailed => runner.RapidFail.Tripped?.Reason,
                _ => null,
            },
            RetryAfterSeconds = state == PoolRouteState.RapidFailed && runner.RapidFail.Tripped?.RestartAt is { } at
                ? (int)Math.Max(1, Math.Ceiling((at - runner.Env.Time.GetUtcNow()).TotalSeconds)) : null,
            Workers = runner.Workers().Select(w => w.Route()).OfType<WorkerRoute>().ToArray(),
        };
    }

    public PoolStatus Status(Func<string, (long? Served, long? InFlight)> figures, long? queue)
    {
        var now = runner.Env.Time.GetUtcNow();
        var message = runner.Message;
        return new PoolStatus
        {
            Name = runner.Name,
            State = runner.RouteState,
            HasWorkers = true,
            Message = runner.Offline ? "offline (app_offline.htm)" + (message is null ? "" : $"; {message}") : message,
            Recycles = runner.Recycles,
            RecyclesByReason = runner.RecyclesByReason(),
            RecentFailures = runner.RapidFail.InWindow(now),
            QueueLength = queue,
            Cgroups = runner.Env.Cgroups?.Description ?? "no cgroup (resources sampled from /proc)",
            Workers = runner.Workers().Select(w =>
            {
                var (served, inFlight) = figures(w.Id);
                return w.Status(now, served, inFlight);
            }).ToArray(),
        };
    }

    public IReadOnlyList<WorkerRecord> Records() => runner.Workers().Select(Record).ToArray();

    private WorkerRecord Record(PoolWorker w) => new(w.Id, runner.Name, w.Pid, ProcessIdentity.Of(w.Pid)?.StartTicks ?? 0, w.Endpoint, w.Account, w.StartedAt, w.Cgroup?.JoinPaths ?? [], w.Generation)
    {
        HandoffOnly = w.HandoffOnly,
    };
}
