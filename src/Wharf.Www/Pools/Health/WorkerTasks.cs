namespace Wharf.Www.Pools.Health;

/// <summary>
/// One running task per worker id (a health loop, a warm-up), started once and cancelled when the
/// worker leaves the set the caller wants watched; all cancelled and awaited at stop, so that no
/// request or timer outlives the service.
/// </summary>
internal sealed class WorkerTasks
{
    private readonly Dictionary<string, (CancellationTokenSource Cancel, Task Task)> _running = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _stopped;

    public int Count
    {
        get { lock (_lock) return _running.Count; }
    }

    /// <summary>Starts <paramref name="run"/> for <paramref name="id"/> unless one runs already; false when it did not start.</summary>
    public bool Start(string id, Func<CancellationToken, Task> run)
    {
        lock (_lock)
        {
            if (_stopped || _running.ContainsKey(id)) return false;
            var cancel = new CancellationTokenSource();
            // Runs synchronously up to its first wait, so a timer it sets exists when Start returns.
            var task = run(cancel.Token);
            _running[id] = (cancel, task);
            _ = task.ContinueWith(_ => Forget(id, cancel), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return true;
        }
    }

    /// <summary>Cancels every task whose id <paramref name="keep"/> rejects.</summary>
    public void StopAllBut(Func<string, bool> keep)
    {
        lock (_lock)
        {
            foreach (var (id, running) in _running.ToList())
            {
                if (keep(id)) continue;
                running.Cancel.Cancel();
                _running.Remove(id);
            }
        }
    }

    public async Task StopAsync()
    {
        List<(CancellationTokenSource Cancel, Task Task)> running;
        lock (_lock)
        {
            _stopped = true;
            running = [.. _running.Values];
            _running.Clear();
            // Under the lock: a task that ends now disposes its source only after this.
            foreach (var r in running) r.Cancel.Cancel();
        }
        try
        {
            await Task.WhenAll(running.Select(r => r.Task)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Forget(string id, CancellationTokenSource cancel)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(id, out var running) && running.Cancel == cancel) _running.Remove(id);
        }
        cancel.Dispose();
    }
}
