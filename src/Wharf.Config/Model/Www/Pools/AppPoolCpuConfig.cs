using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>IIS's &lt;cpu&gt;, carried out with cgroups (v2 where the machine has it, else v1).</summary>
public sealed record AppPoolCpuConfig
{
    /// <summary>In IIS's unit, 1/1000 of a percent of all processors (50000 is 50 %); 0: no limit.</summary>
    public long Limit { get; init; }

    public CpuAction Action { get; init; } = CpuAction.NoAction;

    /// <summary>The window over which use is measured against <see cref="Limit"/>; zero turns monitoring off.</summary>
    public TimeSpan ResetInterval { get; init; } = TimeSpan.FromMinutes(5);

    public bool SmpAffinitized { get; init; }

    /// <summary>With <see cref="SmpAffinitized"/>: bit N lets a worker run on CPU N.</summary>
    public long SmpProcessorAffinityMask { get; init; } = 0xFFFFFFFF;
}

[JsonConverter(typeof(CamelCaseEnumConverter<CpuAction>))]
public enum CpuAction
{
    /// <summary>An event in the log, nothing more.</summary>
    NoAction,

    /// <summary>IIS's name: the worker is killed (and replaced on demand).</summary>
    KillW3wp,

    /// <summary>The pool's cgroup is capped at the limit.</summary>
    Throttle,

    /// <summary>Capped only while others want the CPU (a low weight instead of a hard cap).</summary>
    ThrottleUnderLoad,
}
