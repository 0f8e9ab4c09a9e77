using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Hosting;

/// <summary>
/// What a service supplies; <see cref="ServiceHost"/> does the rest (listeners, control channel,
/// readiness, pings, reload and stop) once for every service.
/// </summary>
public interface IWharfService
{
    /// <summary>Start serving on the inherited listeners; return once serving.</summary>
    Task StartAsync(ServiceContext context, CancellationToken cancellationToken);

    /// <summary>Take a new configuration in place, or say it needs an overlapped restart.</summary>
    Task<ApplyResult> ApplyAsync(WharfConfig config, long version, CancellationToken cancellationToken);

    /// <summary>
    /// Stop accepting, finish what is in hand, and return by <paramref name="deadline"/>. After the
    /// deadline the supervisor may kill the process.
    /// </summary>
    Task StopAsync(DateTimeOffset deadline);

    ServiceFigures GetFigures();

    /// <summary>
    /// What the process holds, named and bounded (<see cref="HoldingReport.Create"/>): sent with
    /// pong, stopping, and every second of a drain, so that a kill at the deadline says what it cut.
    /// </summary>
    HoldingReport Holding() => HoldingReport.CountOnly(GetFigures().Connections);

    /// <summary>
    /// The supervisor's table of application pools and their workers, whole, at each change (www
    /// alone is sent it: <see cref="ServiceDefinition.ServesPools"/>).
    /// </summary>
    void OnWorkers(IReadOnlyList<Control.Pools.PoolRoute> pools) { }

    /// <summary>The requests <paramref name="worker"/> was serving, for the event that says it crashed or was killed.</summary>
    IReadOnlyList<Control.Pools.InFlightRequest> WorkerRequests(string worker) => [];
}

public enum ApplyResult
{
    Applied,
    RestartNeeded,
}

/// <summary>
/// A service's figures: its open connections, whatever else it counts (sessions, workers) in
/// <paramref name="More"/>, and its sites' counters, typed, for the metrics (<paramref name="Sites"/>).
/// </summary>
public readonly record struct ServiceFigures(long Connections, System.Text.Json.Nodes.JsonObject? More = null, IReadOnlyList<Control.Metrics.SiteFigures>? Sites = null)
{
    /// <summary>One JSON object: <c>connections</c>, then the service's own figures.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        var json = new System.Text.Json.Nodes.JsonObject { ["connections"] = Connections };
        if (More is not null)
            foreach (var (name, value) in More) json[name] = value?.DeepClone();
        return json;
    }
}
