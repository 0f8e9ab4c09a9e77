using System.Diagnostics;
using System.Net;

namespace Wharf.Console.Tests;

/// <summary>
/// A wrk-like load from HttpClient: a few loops of GETs against one URL, bounded in count and in
/// time, counting what did not come back 200 (a status, a reset, a refusal) with its reason.
/// </summary>
public sealed class BoundedLoad
{
    private readonly List<string> _failures = [];
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
    private long _done;
    private long _answered;

    public long Requests => Interlocked.Read(ref _answered);

    public IReadOnlyList<string> Failures
    {
        get { lock (_failures) return [.. _failures]; }
    }

    /// <summary>Runs until <paramref name="stop"/> is cancelled, <paramref name="maxRequests"/> are done or <paramref name="maxTime"/> passes.</summary>
    public async Task RunAsync(string url, CancellationToken stop, int loops = 4, long maxRequests = 200_000, TimeSpan? maxTime = null)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var limit = maxTime ?? TimeSpan.FromSeconds(120);
        await Task.WhenAll(Enumerable.Range(0, loops).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && clock.Elapsed < limit && Interlocked.Increment(ref _done) <= maxRequests)
            {
                try
                {
                    using var response = await client.GetAsync(url, CancellationToken.None);
                    await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK) Fail($"{(int)response.StatusCode} at {clock.Elapsed}");
                }
                catch (HttpRequestException e)
                {
                    Fail($"{e.Message} at {clock.Elapsed}");
                }
                Answered(Interlocked.Increment(ref _answered));
            }
        }));
        lock (_waiters) foreach (var w in _waiters) w.Reached.TrySetException(new InvalidOperationException($"the load ended after {_answered} requests, before {w.Count}"));
    }

    /// <summary>Completes once <paramref name="count"/> requests have been answered (well or not).</summary>
    public Task ReachedAsync(long count)
    {
        var waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_waiters)
        {
            if (Interlocked.Read(ref _answered) >= count) return Task.CompletedTask;
            _waiters.Add(waiter);
        }
        return waiter.Item2.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private void Answered(long answered)
    {
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count > answered) continue;
                _waiters[i].Reached.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private void Fail(string what)
    {
        lock (_failures) _failures.Add(what);
    }
}
