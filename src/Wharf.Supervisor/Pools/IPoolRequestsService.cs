using System.Text.Json.Nodes;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools;

/// <summary>
/// The service that carries the pools' requests (<see cref="Hosting.ServiceDefinition.ServesPools"/>,
/// www), as the pool runner sees it: it is told the table, asked what a worker was serving, and
/// asked for its figures. The real one goes over the services' control channels; tests give a fake.
/// </summary>
internal interface IPoolRequestsService
{
    /// <summary>The whole table, to every running process of every service that serves pools.</summary>
    Task SendTableAsync(IReadOnlyList<PoolRoute> table);

    /// <summary>Completes once every such process has taken the tables sent before (bounded: a hung one is not waited for long).</summary>
    Task TablesTakenAsync();

    /// <summary>What <paramref name="workerId"/> was serving, as www saw it; null when no process answered in time.</summary>
    Task<IReadOnlyList<InFlightRequest>?> WorkerRequestsAsync(string workerId, TimeSpan timeout);

    /// <summary>Its figures ("workers": {id: {"served", "inFlight"}}, "pools": {name: {"queue"}}); null when it does not answer.</summary>
    Task<JsonObject?> FiguresAsync(TimeSpan timeout, int? requesterPid);
}
