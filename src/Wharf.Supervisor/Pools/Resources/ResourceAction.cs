using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// What the resource watch decided about one worker after a sample: the pool runner carries it
/// out (recycle, kill, a cgroup lever) and writes <see cref="Event"/> with <see cref="Detail"/>.
/// </summary>
internal sealed record ResourceAction(ResourceActionKind Kind, EventName Event, string Detail)
{
    /// <summary>For <see cref="ResourceActionKind.Recycle"/>: privateMemory or memory.</summary>
    public RecycleReason? Reason { get; init; }

    /// <summary>For <see cref="ResourceActionKind.CapCpu"/>: CPUs; for <see cref="ResourceActionKind.MemoryHigh"/>: bytes.</summary>
    public double Amount { get; init; }
}

internal enum ResourceActionKind
{
    /// <summary>Only the event (cpu action noAction, memory action noAction).</summary>
    Log,
    Recycle,
    Kill,
    CapCpu,
    LowerCpuWeight,
    ClearCpuLimits,
    MemoryHigh,
}
