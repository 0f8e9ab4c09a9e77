using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// An alwaysRunning pool whose workers could not start tries again by itself, on
/// <see cref="StartRetryBackoff"/>, instead of waiting for a request that may never come: that
/// is what an administrator expects of an always-running pool. Each failure still counts towards
/// rapid-fail protection, and a tripped pool is not retried (it is not runnable), as IIS stops
/// one; `wharf apppool stop`, a configuration apply and a trip cancel the retry and start the
/// back-off afresh. One retry is due at a time, however many of a garden's workers failed.
/// </summary>
internal sealed class AlwaysRunningRetry(PoolRunner runner)
{
    private readonly Lock _lock = new();
    private StartRetryBackoff _backoff = StartRetryBackoff.Fresh;
    private CancellationTokenSource? _due;

    /// <summary>A worker could not start in <paramref name="slot"/> (already counted): unless a retry is due, one is armed after the back-off's next delay.</summary>
    public void StartFailed(int slot)
    {
        if (runner.Config.StartMode != AppPoolStartMode.AlwaysRunning || !runner.Runnable) return;
        // An overlapped recycle whose replacement failed: the old worker keeps the slot, and serves.
        if (runner.Workers().Any(w => w.Slot == slot && !w.Leaving && !w.StartFailureCounted && !w.Process.HasExited)) return;
        TimeSpan delay;
        var due = new CancellationTokenSource();
        lock (_lock)
        {
            if (_due is not null) return;
            (delay, _backoff) = _backoff.Failed();
            _due = due;
        }
        var when = $"trying again in {RecoveryPolicy.Describe(delay)}";
        runner.Env.Events.Write(runner.Label, EventName.Restarting, $"pool {runner.Name}: its workers could not start; {when} (startMode alwaysRunning)");
        // Status and the reply to `wharf apppool start` say it too, after why the start failed.
        runner.Message = runner.Message is { } why ? $"{why}; {when}" : when;
        // The timer is armed now, not when the task first runs.
        var waited = Task.Delay(delay, runner.Env.Time, due.Token);
        _ = RetryAsync(waited, due);
    }

    /// <summary>A worker got ready: the next failure waits the shortest time again.</summary>
    public void WorkerReady()
    {
        lock (_lock) _backoff = StartRetryBackoff.Fresh;
    }

    /// <summary>The pool was stopped, changed, retired or rapid-failed: no retry is due, and the back-off starts afresh.</summary>
    public void Cancel()
    {
        lock (_lock)
        {
            _due?.Cancel();
            _due = null;
            _backoff = StartRetryBackoff.Fresh;
        }
    }

    private async Task RetryAsync(Task waited, CancellationTokenSource due)
    {
        try { await waited; }
        catch (OperationCanceledException) { return; }
        await runner.Op.WaitAsync();
        try
        {
            lock (_lock)
            {
                if (_due != due) return;
                _due = null;
            }
            if (!runner.Runnable || runner.Config.StartMode != AppPoolStartMode.AlwaysRunning) return;
            // Slots filled meanwhile (www's demand, a replacement) are left as they are; a failure here arms the next retry.
            await runner.FillGardenAsync("trying again after a failed start (startMode alwaysRunning)");
        }
        finally
        {
            runner.Op.Release();
        }
    }
}
