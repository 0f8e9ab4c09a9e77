using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;

namespace Wharf.Www.Routing;

/// <summary>A configured site as the running service holds it: its configuration and its request pipeline.</summary>
internal sealed class Site(SiteConfig config, RequestDelegate pipeline)
{
    public SiteConfig Config { get; } = config;

    public bool IsStopped { get; } = config.State == SiteState.Stopped;

    public RequestDelegate Pipeline { get; } = pipeline;

    /// <summary>Limits and the W3C log, kept by site id across snapshots; set once while the table is built (null without them).</summary>
    public SiteRuntime? Runtime { get; set; }
}
