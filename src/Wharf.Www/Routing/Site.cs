using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Wharf.Www.Pools;
using Wharf.Www.Static;

namespace Wharf.Www.Routing;

/// <summary>A configured site as the running service holds it: its configuration, its static content and its request pipeline.</summary>
/// <param name="dispatch">Null: the static content alone; else what also sends some applications to their pools' workers.</param>
internal sealed class Site(SiteConfig config, StaticSite content, PoolDispatch? dispatch = null)
{
    public SiteConfig Config { get; } = config;

    public bool IsStopped { get; } = config.State == SiteState.Stopped;

    /// <summary>Its URL space (applications, virtual directories) and static files, built once per snapshot.</summary>
    public StaticSite Content { get; } = content;

    public RequestDelegate Pipeline { get; } = dispatch is not null ? dispatch.InvokeAsync : content.InvokeAsync;

    /// <summary>Null when no application of the site is in a pool with workers.</summary>
    public PoolDispatch? Dispatch { get; } = dispatch;

    /// <summary>Limits and the W3C log, kept by site id across snapshots; set once while the table is built (null without them).</summary>
    public SiteRuntime? Runtime { get; set; }
}
