using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>IIS's &lt;failure&gt;: rapid-fail protection, orphaning, and what a client gets when no worker can serve.</summary>
public sealed record AppPoolFailureConfig
{
    public bool RapidFailProtection { get; init; } = true;

    public TimeSpan RapidFailProtectionInterval { get; init; } = TimeSpan.FromMinutes(5);

    public int RapidFailProtectionMaxCrashes { get; init; } = 5;

    /// <summary>Run (as the pool's account, no shell) when rapid-fail protection stops the pool.</summary>
    public string? AutoShutdownExe { get; init; }

    /// <summary>Arguments of <see cref="AutoShutdownExe"/>, split on spaces; %1% is the pool's name.</summary>
    public string? AutoShutdownParams { get; init; }

    /// <summary>
    /// Wharf's own: a pool stopped by rapid-fail protection starts again after this long. Null
    /// (IIS's behaviour): it waits for <c>wharf apppool start</c>.
    /// </summary>
    public TimeSpan? RapidFailRestartAfter { get; init; }

    public LoadBalancerCapabilities LoadBalancerCapabilities { get; init; } = LoadBalancerCapabilities.HttpLevel;

    /// <summary>A failed (unhealthy) worker is kept out of rotation, alive, for debugging, instead of being killed.</summary>
    public bool OrphanWorkerProcess { get; init; }

    /// <summary>Run (as the pool's account, no shell) when a worker is orphaned.</summary>
    public string? OrphanActionExe { get; init; }

    /// <summary>Arguments of <see cref="OrphanActionExe"/>, split on spaces; %1% is the worker's pid.</summary>
    public string? OrphanActionParams { get; init; }
}

[JsonConverter(typeof(CamelCaseEnumConverter<LoadBalancerCapabilities>))]
public enum LoadBalancerCapabilities
{
    /// <summary>503 with Retry-After.</summary>
    HttpLevel,

    /// <summary>The connection is reset, so a load balancer that only sees TCP moves on.</summary>
    TcpLevel,
}
