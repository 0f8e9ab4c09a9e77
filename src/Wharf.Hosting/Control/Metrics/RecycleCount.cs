using Wharf.Config.Model;

namespace Wharf.Hosting.Control.Metrics;

/// <summary>A pool's recycles for one reason since the supervisor started (in the configuration's spelling of the reason).</summary>
public sealed record RecycleCount(RecycleReason Reason, long Count);
