using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// A pool's rapid-fail protection carried out: each failure goes through <see cref="RapidFailPolicy"/>;
/// when it trips, the pool stops (www answers 503), the event says why, failure.autoShutdownExe
/// runs, and the pool starts again after failure.rapidFailRestartAfter when that is set.
/// </summary>
internal sealed class PoolRapidFail(PoolRunner runner)
{
    // The operation lock is not enough: a web garden's workers start side by side under it, and
    // their failures are counted from as many threads at once. Without this lock two of them read
    // the same history and one count is lost, or both trip and autoShutdownExe runs twice.
    private readonly Lock _lock = new();
    private RapidFailPolicy _failures = RapidFailPolicy.Empty;
    private CancellationTokenSource? _restart;
    private RapidFailVerdict? _tripped;

    /// <summary>Set while the pool is stopped by rapid-fail protection.</summary>
    public RapidFailVerdict? Tripped
    {
        get { lock (_lock) return _tripped; }
    }

    public int InWindow(DateTimeOffset now)
    {
        lock (_lock) return _failures.InWindow(runner.Config.Failure, now);
    }

    /// <summary>Counts a failure; true when rapid-fail protection tripped and the pool stopped. Under the operation lock, from any number of threads.</summary>
    internal bool Fail(string what)
    {
        var now = runner.Env.Time.GetUtcNow();
        RapidFailVerdict verdict;
        RapidFailVerdict? already;
        lock (_lock)
        {
            already = _tripped;
            if (already is null)
            {
                (_failures, verdict) = _failures.Record(runner.Config.Failure, now);
                if (!verdict.Tripped) return false;
                _tripped = verdict;
            }
            else verdict = already;
        }
        if (already is not null)
        {
            // A failure of a garden's other worker, counted just after: status keeps saying why the pool stopped.
            runner.Message = $"{already.Reason}; last: {what}";
            return true;
        }
        // Only the failure that tripped it gets here. A tripped pool is not retried, and starts afresh.
        runner.Retry.Cancel();
        runner.Message = $"{verdict.Reason}; last: {what}";
        runner.Env.Events.Write(runner.Label, EventName.PoolRapidFailed, $"pool {runner.Name} stopped: {runner.Message}");
        if (runner.Config.Failure.AutoShutdownExe is { } exe)
            runner.Env.Events.Write(runner.Label, EventName.AutoShutdownProgram, $"pool {runner.Name}: {PoolPrograms.Run(runner.Env, runner.Config, exe, runner.Config.Failure.AutoShutdownParams, runner.Name)}");
        if (verdict.RestartAt is { } at) ScheduleRapidRestart(at - runner.Env.Time.GetUtcNow());
        // Its remaining workers stop; not awaited here, under the lock, where their drain would hold up everything else.
        _ = Task.Run(async () =>
        {
            await runner.Env.Changed();
            await runner.StopWorkersAsync(null, force: true, "rapid-fail protection stopped the pool");
        });
        return true;
    }

    private void ScheduleRapidRestart(TimeSpan delay)
    {
        var cts = new CancellationTokenSource();
        lock (_lock)
        {
            CancelRestartLocked();
            _restart = cts;
        }
        // The timer is armed now, not when the task first runs.
        var waited = Task.Delay(delay, runner.Env.Time, cts.Token);
        _ = Task.Run(async () =>
        {
            try { await waited; }
            catch (OperationCanceledException) { return; }
            await runner.Op.WaitAsync();
            try
            {
                if (cts.IsCancellationRequested || Tripped is null) return;
                Clear();
                runner.Env.Events.Write(runner.Label, EventName.PoolStarted, $"pool {runner.Name} started again after {RecoveryPolicy.Describe(delay)} (failure.rapidFailRestartAfter)");
                await runner.Env.Changed();
                if (runner.Config.StartMode == AppPoolStartMode.AlwaysRunning) await runner.FillGardenAsync("started again after rapid-fail protection");
            }
            finally
            {
                runner.Op.Release();
            }
        });
    }

    public void Clear()
    {
        lock (_lock)
        {
            CancelRestartLocked();
            _tripped = null;
            _failures = RapidFailPolicy.Empty;
        }
    }

    public void CancelRestart()
    {
        lock (_lock) CancelRestartLocked();
    }

    private void CancelRestartLocked()
    {
        _restart?.Cancel();
        _restart = null;
    }
}
