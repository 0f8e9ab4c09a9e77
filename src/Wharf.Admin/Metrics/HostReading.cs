using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Metrics;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Admin.Metrics;

/// <summary>
/// Every figure of the host at one moment, as the supervisor gives them: its services (state,
/// restarts, connections), its pools (queue, recycles by reason, workers' memory and CPU) from
/// <c>status</c>, and each service's sites' counters from <c>figures</c>, by service name.
/// </summary>
internal sealed record HostReading(
    DateTimeOffset Time,
    IReadOnlyList<ServiceStatus> Services,
    IReadOnlyList<PoolStatus> Pools,
    IReadOnlyDictionary<string, IReadOnlyList<SiteFigures>> Sites)
{
    /// <summary>Asks the supervisor twice, side by side; null with why when it cannot answer.</summary>
    public static async Task<(HostReading? Reading, string? Problem)> ReadAsync(
        Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = askSupervisor(new ControlRequest { Command = ControlCommand.Status }, cancellationToken);
        var figures = askSupervisor(new ControlRequest { Command = ControlCommand.Figures }, cancellationToken);
        // The channel answers a supervisor that is gone with an error reply; it does not throw.
        var statusReply = await status.ConfigureAwait(false);
        var figuresReply = await figures.ConfigureAwait(false);
        if (statusReply.Type != ControlReplyType.Result)
            return (null, $"the supervisor did not give its status: {statusReply.Message}");
        // A service that does not answer its figures in time is left out; the rest still count.
        var sites = figuresReply.Sites ?? new Dictionary<string, IReadOnlyList<SiteFigures>>();
        return (new HostReading(time.GetUtcNow(), statusReply.Services ?? [], statusReply.Pools ?? [], sites), null);
    }
}
