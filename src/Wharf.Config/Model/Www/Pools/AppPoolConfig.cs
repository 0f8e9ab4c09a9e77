using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>
/// An application pool, as IIS's &lt;applicationPools&gt;&lt;add&gt;: the program its worker
/// processes run, how many, and when they start, are pinged, recycled and stopped. The names and
/// defaults are IIS 10's (../reference/iis.md §5); what Linux needs beyond them is Wharf's own.
/// </summary>
public sealed record AppPoolConfig
{
    public required string Name { get; init; }

    /// <summary>Kept in the file, as a site's: a stopped pool answers 503 and runs no worker.</summary>
    public AppPoolState State { get; init; } = AppPoolState.Started;

    /// <summary>IIS's autoStart: the pool starts with the host; with <see cref="StartMode"/> alwaysRunning its workers start then too.</summary>
    public bool AutoStart { get; init; } = true;

    public AppPoolStartMode StartMode { get; init; } = AppPoolStartMode.OnDemand;

    /// <summary>
    /// What the workers run. Null (the default configuration's DefaultAppPool): the pool has no
    /// workers, and www serves its applications' content itself.
    /// </summary>
    public WorkerProgramConfig? Program { get; init; }

    /// <summary>Requests waiting for a worker at most (IIS's queueLength, 10–65535); beyond it 503.</summary>
    public int QueueLength { get; init; } = 1000;

    /// <summary>Longest a request waits in the queue before 503 (IIS's connectionTimeout, 2 minutes).</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Requests sent to one worker at once; more wait in the pool's queue, so that the queue means
    /// something (Passenger's concurrency cap). 0: no cap.
    /// </summary>
    public int MaxConcurrentRequestsPerWorker { get; init; } = 100;

    public AppPoolProcessModelConfig ProcessModel { get; init; } = new();

    public AppPoolRecyclingConfig Recycling { get; init; } = new();

    public AppPoolFailureConfig Failure { get; init; } = new();

    public AppPoolCpuConfig Cpu { get; init; } = new();

    public AppPoolMemoryConfig Memory { get; init; } = new();

    /// <summary>True when the pool has workers to forward to (a program); false when www serves its content.</summary>
    [JsonIgnore]
    public bool HasWorkers => Program is not null;
}

[JsonConverter(typeof(CamelCaseEnumConverter<AppPoolState>))]
public enum AppPoolState
{
    Started,
    Stopped,
}

[JsonConverter(typeof(CamelCaseEnumConverter<AppPoolStartMode>))]
public enum AppPoolStartMode
{
    /// <summary>A worker starts on the pool's first request.</summary>
    OnDemand,

    /// <summary>Workers start with the pool, and are replaced at once when they stop for idleness.</summary>
    AlwaysRunning,
}
