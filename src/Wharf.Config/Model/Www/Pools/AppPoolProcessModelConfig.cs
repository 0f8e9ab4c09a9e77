using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>IIS's &lt;processModel&gt;: the account, how many workers, and their time limits.</summary>
public sealed record AppPoolProcessModelConfig
{
    /// <summary>
    /// The account the workers run as when Wharf runs as root. Null: the pool's own account,
    /// <c>wharf-pool-NAME</c>, created when missing (IIS's ApplicationPoolIdentity). Never root, a
    /// Wharf service account, or a member of an administrative group.
    /// </summary>
    public string? UserName { get; init; }

    /// <summary>Workers at once; more than one is a web garden.</summary>
    public int MaxProcesses { get; init; } = 1;

    /// <summary>A worker must accept (and answer its warm-up request) within this, or it counts as a failure.</summary>
    public TimeSpan StartupTimeLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A worker told to stop has this long to finish before its whole group is killed.</summary>
    public TimeSpan ShutdownTimeLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>With no request for this long the pool's workers stop (zero: never).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(20);

    public IdleTimeoutAction IdleTimeoutAction { get; init; } = IdleTimeoutAction.Terminate;

    public bool PingingEnabled { get; init; } = true;

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A health request not answered below 500 within this marks the worker unhealthy.</summary>
    public TimeSpan PingResponseTime { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The path of the health request.</summary>
    public string PingPath { get; init; } = "/";
}

[JsonConverter(typeof(CamelCaseEnumConverter<IdleTimeoutAction>))]
public enum IdleTimeoutAction
{
    Terminate,

    /// <summary>Frozen in its cgroup (freezer) and thawed on the next request; terminate where the machine cannot freeze.</summary>
    Suspend,
}
