using Wharf.Admin.Metrics;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Metrics;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Admin.Tests.Metrics;

/// <summary>Host readings made by hand: www (pid given) with one site, and pools as the supervisor reports them.</summary>
internal static class Readings
{
    public static readonly DateTimeOffset Start = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    public static HostReading At(double seconds, int wwwPid, SiteFigures site, long connections = 0, params PoolStatus[] pools) => new(
        Start.AddSeconds(seconds),
        [new ServiceStatus { Name = "www", State = ServiceState.Running, Pid = wwwPid, Connections = connections }],
        pools,
        new Dictionary<string, IReadOnlyList<SiteFigures>> { ["www"] = [site] });

    public static SiteFigures Site(long ok, long notFound = 0, long sent = 0, long received = 0) => new()
    {
        Site = "Default Web Site",
        Statuses = [new StatusCount(200, ok), new StatusCount(404, notFound)],
        BytesSent = sent,
        BytesReceived = received,
    };

    public static PoolStatus Pool(string name, long queue, params WorkerStatus[] workers) => new()
    {
        Name = name,
        State = PoolRouteState.Running,
        HasWorkers = true,
        QueueLength = queue,
        Workers = workers,
    };

    public static WorkerStatus Worker(string id, int pid, double cpuSeconds, long memory, double startedAtSeconds = -60) => new()
    {
        Id = id,
        Pool = "App",
        Pid = pid,
        State = WorkerState.Active,
        StartedAt = Start.AddSeconds(startedAtSeconds),
        CpuSeconds = cpuSeconds,
        PrivateMemoryBytes = memory,
    };
}
