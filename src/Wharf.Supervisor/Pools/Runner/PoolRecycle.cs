using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// A pool's recycle, overlapped unless recycling.disallowOverlappingRotation: each new worker is
/// ready (and warmed) in its old worker's slot before the old one goes draining; a replacement
/// that cannot start leaves the old one serving. Each recycle is logged per logEventOnRecycle.
/// </summary>
internal sealed class PoolRecycle(PoolRunner runner)
{
    private int _count;

    // By RecycleReason's value; the enum is small and dense.
    private readonly long[] _byReason = new long[Enum.GetValues<RecycleReason>().Length];

    /// <summary>Workers recycled since the supervisor started, for status.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary><see cref="Count"/> by reason, for the metrics; reasons that never happened are left out.</summary>
    public IReadOnlyList<Hosting.Control.Metrics.RecycleCount> ByReason() =>
        Enum.GetValues<RecycleReason>().Select(r => new Hosting.Control.Metrics.RecycleCount(r, Interlocked.Read(ref _byReason[(int)r])))
            .Where(c => c.Count > 0).ToArray();

    /// <summary>Answers once the old ones ended (or were left, /noforce) when <paramref name="waitForDrain"/>.</summary>
    /// <param name="only">The workers to recycle; null: all of them.</param>
    public async Task<PoolOutcome> RecycleAsync(RecycleReason reason, string? detail, IReadOnlyList<PoolWorker>? only,
        TimeSpan? drainTimeout, bool force, ProgressReporter? progress, bool waitForDrain)
    {
        var config = runner.Config;
        var overlapped = !config.Recycling.DisallowOverlappingRotation;
        var timeout = drainTimeout ?? config.ProcessModel.ShutdownTimeLimit;
        var draining = new List<PoolWorker>();
        var failed = new List<string>();
        var slots = new List<int>();
        await runner.Op.WaitAsync();
        try
        {
            var targets = (only ?? runner.Workers()).Where(w => !w.Leaving && !w.Process.HasExited && w.State != WorkerState.Starting).ToArray();
            if (targets.Length == 0) return PoolOutcome.Success("no worker to recycle");
            foreach (var old in targets)
            {
                if (!runner.Workers().Contains(old)) continue;
                Interlocked.Increment(ref _count);
                Interlocked.Increment(ref _byReason[(int)reason]);
                if (config.Recycling.LogEventOnRecycle.Contains(reason))
                    runner.Env.Events.Write(runner.Label, EventName.WorkerRecycled, $"{old} recycled: {ReasonText(reason)}{(detail is null ? "" : $" ({detail})")}", old.Pid);
                if (overlapped && runner.Runnable)
                {
                    progress?.Invoke(runner.Label, $"starting a worker to replace {old.Id} (pid {old.Pid})", null);
                    var next = await runner.StartWorkerAsync(old.Slot, replacement: true, $"recycling {old.Id}: {ReasonText(reason)}");
                    if (next is null)
                    {
                        // The old one keeps serving rather than leave the pool with none.
                        failed.Add($"{old.Id}'s replacement could not start ({runner.Message}); {old.Id} keeps serving");
                        if (runner.RapidFail.Tripped is not null) break;
                        continue;
                    }
                }
                else
                {
                    slots.Add(old.Slot);
                }
                draining.AddRange(await runner.TakeOutOfRotationAsync([old]));
            }
        }
        finally
        {
            runner.Op.Release();
        }

        var why = $"recycled: {ReasonText(reason)}";
        var drain = runner.DrainAsync(draining, timeout, force, why, progress);
        if (!overlapped)
        {
            // disallowOverlappingRotation: the new worker starts only once the old one is gone.
            await drain;
            await runner.Op.WaitAsync();
            try
            {
                foreach (var slot in slots.Where(_ => runner.Runnable))
                    if (await runner.StartWorkerAsync(slot, replacement: true, why) is null) failed.Add($"the replacement in slot {slot} could not start ({runner.Message})");
            }
            finally
            {
                runner.Op.Release();
            }
        }
        if (!waitForDrain) return failed.Count == 0 ? PoolOutcome.Success($"recycled {draining.Count} worker(s)") : PoolOutcome.Failure(string.Join("; ", failed));
        var result = await drain;
        var outcome = PoolOutcome.From(result, $"pool {runner.Name}");
        return failed.Count == 0 ? outcome with { Message = $"recycled {draining.Count} worker(s){(outcome.Message is "" ? "" : "; " + outcome.Message)}" }
            : outcome with { Ok = false, Message = string.Join("; ", failed) };
    }

    /// <summary>Workers started on another configuration (adopted after /reboot across a change) are recycled onto this one.</summary>
    public Task RecycleStaleAsync()
    {
        var stale = runner.Workers().Where(w => w.Generation != runner.Generation && !w.Leaving).ToArray();
        return stale.Length == 0 ? Task.CompletedTask : RecycleAsync(RecycleReason.ConfigChange, "started on an earlier configuration", stale, null, force: true, null, waitForDrain: false);
    }

    public static string ReasonText(RecycleReason reason) => reason switch
    {
        RecycleReason.Time => "periodicRestart.time elapsed",
        RecycleReason.Requests => "periodicRestart.requests reached",
        RecycleReason.Schedule => "scheduled time (periodicRestart.schedule)",
        RecycleReason.Memory => "virtual memory limit (periodicRestart.memory)",
        RecycleReason.PrivateMemory => "private memory limit",
        RecycleReason.OnDemand => "on demand (wharf apppool recycle)",
        RecycleReason.ConfigChange => "the pool's configuration changed",
        RecycleReason.IsapiUnhealthy => $"the worker asked for it ({WorkerProgramConfig.RecycleHeader} header)",
        RecycleReason.FileChange => "an application's files changed (recycleOnFileChange)",
        RecycleReason.Unhealthy => "unhealthy",
        RecycleReason.Reset => "wharf reset",
        _ => reason.ToString(),
    };
}
