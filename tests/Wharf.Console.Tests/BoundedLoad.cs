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
    private long _done;

    public long Requests => Interlocked.Read(ref _done);

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
            }
        }));
    }

    private void Fail(string what)
    {
        lock (_failures) _failures.Add(what);
    }
}
