using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Direct hand-off: a pool whose workers accept on the site's socket themselves gets no demand
/// from www, which would start a worker for any other pool after a failed start. So a worker that
/// failed to start is tried again after <see cref="Pause"/>, until one starts or rapid-fail
/// protection stops the pool (each failure counts, as IIS's WAS keeps starting w3wp until then).
/// </summary>
internal sealed class HandoffRestart(PoolRunner runner)
{
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private CancellationTokenSource? _pending;

    /// <summary>After a failed start that did not trip rapid-fail protection. Under the operation lock.</summary>
    public void Schedule()
    {
        var cts = new CancellationTokenSource();
        lock (_lock)
        {
            _pending?.Cancel();
            _pending = cts;
        }
        // The timer is armed now, not when the task first runs.
        var waited = Task.Delay(Pause, runner.Env.Time, cts.Token);
        _ = Task.Run(async () =>
        {
            try { await waited; }
            catch (OperationCanceledException) { return; }
            await runner.Op.WaitAsync();
            try
            {
                if (cts.IsCancellationRequested || !runner.Runnable || runner.Config.StartMode != AppPoolStartMode.AlwaysRunning) return;
                await runner.FillGardenAsync("again after a failed start (direct hand-off: no request through www asks for a worker)");
            }
            finally
            {
                runner.Op.Release();
            }
        });
    }

    /// <summary>The pool is removed, handed over at /reboot, or the supervisor stops.</summary>
    public void Cancel()
    {
        lock (_lock)
        {
            _pending?.Cancel();
            _pending = null;
        }
    }
}
