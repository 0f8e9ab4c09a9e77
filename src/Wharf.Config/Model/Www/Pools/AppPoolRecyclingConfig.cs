using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>IIS's &lt;recycling&gt;: when a worker is replaced, and how.</summary>
public sealed record AppPoolRecyclingConfig
{
    /// <summary>False (IIS's default): the new worker is ready before the old one stops taking requests.</summary>
    public bool DisallowOverlappingRotation { get; init; }

    /// <summary>False: a change to the pool's own configuration recycles its workers.</summary>
    public bool DisallowRotationOnConfigChange { get; init; }

    /// <summary>Wharf's own: a change under an application's folder recycles its pool's workers.</summary>
    public bool RecycleOnFileChange { get; init; }

    /// <summary>Which recycles are written to the event log (IIS 10: all).</summary>
    public IReadOnlyList<RecycleReason> LogEventOnRecycle { get; init; } = Enum.GetValues<RecycleReason>();

    public PeriodicRestartConfig PeriodicRestart { get; init; } = new();
}

/// <summary>IIS's &lt;periodicRestart&gt;.</summary>
public sealed record PeriodicRestartConfig
{
    /// <summary>Recycle after this long (IIS: 29 hours), spread across a web garden's workers; zero: never.</summary>
    public TimeSpan Time { get; init; } = TimeSpan.FromHours(29);

    /// <summary>Recycle after this many requests; 0: never.</summary>
    public long Requests { get; init; }

    /// <summary>Local times of day, "hh:mm", at which to recycle.</summary>
    public IReadOnlyList<string> Schedule { get; init; } = [];

    /// <summary>Recycle above this much private memory, in KB (resident anonymous memory), checked every second; 0: never.</summary>
    public long PrivateMemory { get; init; }

    /// <summary>
    /// IIS's virtual-memory limit, in KB; 0: never. Useless for .NET, which reserves 256 GB of
    /// address space at start: use <see cref="PrivateMemory"/>.
    /// </summary>
    public long Memory { get; init; }
}

/// <summary>Why a worker was recycled: IIS's logEventOnRecycle flags, and Wharf's own.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RecycleReason>))]
public enum RecycleReason
{
    Time,
    Requests,
    Schedule,
    Memory,
    PrivateMemory,
    OnDemand,
    ConfigChange,

    /// <summary>IIS's IsapiUnhealthy: the worker asked, by the Wharf-Recycle response header.</summary>
    IsapiUnhealthy,

    /// <summary>A file changed under one of the pool's applications (recycleOnFileChange).</summary>
    FileChange,

    /// <summary>A health request failed or timed out.</summary>
    Unhealthy,

    /// <summary><c>wharf reset</c> /restart.</summary>
    Reset,
}
