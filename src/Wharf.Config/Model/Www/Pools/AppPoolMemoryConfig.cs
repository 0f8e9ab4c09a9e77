using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>Wharf's own memory cap, beside IIS's privateMemory recycle: a limit and what to do there.</summary>
public sealed record AppPoolMemoryConfig
{
    /// <summary>Private memory per worker, in KB; 0: no limit.</summary>
    public long Limit { get; init; }

    public MemoryAction Action { get; init; } = MemoryAction.Recycle;
}

[JsonConverter(typeof(CamelCaseEnumConverter<MemoryAction>))]
public enum MemoryAction
{
    NoAction,
    Recycle,
    Kill,

    /// <summary>cgroup v2's memory.high: the kernel reclaims and slows the worker; v1 has no such control.</summary>
    Throttle,
}
