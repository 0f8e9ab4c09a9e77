using System.Text.Json.Nodes;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools;

/// <summary>
/// The real <see cref="IPoolRequestsService"/>: the control channels of every service whose
/// definition says it serves pools (www), found by that declaration and never by name. During an
/// overlapped restart of that service both its old and new processes get the table.
/// </summary>
internal sealed class ServicePoolRequests(Func<IReadOnlyList<ServiceRunner>> runners) : IPoolRequestsService
{
    private IEnumerable<ServiceRunner> Serving() => runners().Where(r => r.Definition.ServesPools);

    public static ControlMessage TableMessage(IReadOnlyList<PoolRoute> table) => new() { Type = ControlMessageType.Workers, Pools = table };

    public Task SendTableAsync(IReadOnlyList<PoolRoute> table)
    {
        var message = TableMessage(table);
        return Task.WhenAll(Serving().SelectMany(r => r.ReadyProcesses()).Select(p => p.SendAsync(message)));
    }

    /// <summary>
    /// A worker is signalled to stop only after www has taken the table that drains it, or www
    /// could still pick it and write a request onto a connection the worker is closing. The
    /// channel is ordered and a service handles its lines one at a time, so the answer to a
    /// question sent after the table means the table was taken.
    /// </summary>
    public Task TablesTakenAsync() =>
        Task.WhenAll(Serving().SelectMany(r => r.ReadyProcesses()).Select(p => p.WorkerRequestsAsync(null, TableTaken)));

    // A hung www must not hold a recycle up: past this the worker is signalled all the same. Long
    // enough for a www on a saturated host (1 s was tight: a run at load 16 saw 64 failed requests
    // in 5 recycles, most likely a worker signalled before www took its table), short beside
    // shutdownTimeLimit's 90 s.
    private static readonly TimeSpan TableTaken = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<InFlightRequest>?> WorkerRequestsAsync(string workerId, TimeSpan timeout)
    {
        // The old process of an overlapped restart may be the one that was forwarding to it.
        var answers = await Task.WhenAll(Serving().SelectMany(r => r.ReadyProcesses()).Select(p => p.WorkerRequestsAsync(workerId, timeout)));
        return answers.All(a => a is null) ? null : answers.SelectMany(a => a ?? []).ToArray();
    }

    public async Task<JsonObject?> FiguresAsync(TimeSpan timeout, int? requesterPid)
    {
        foreach (var runner in Serving())
        {
            if (requesterPid is { } pid && runner.Status().Pid == pid) continue;
            if (await runner.FiguresAsync(timeout) is { } figures) return figures;
        }
        return null;
    }
}
