using Microsoft.AspNetCore.Http;
using Wharf.Www.Static;

namespace Wharf.Www.Pools;

/// <summary>
/// The pipeline of a site one of whose applications is in a pool with workers: the request's
/// application is found in the site's URL space; its requests go to the pool's workers, and the
/// rest is the site's static content as before. A site with no such application keeps
/// <see cref="StaticSite.InvokeAsync"/> as its pipeline, so static content pays nothing for pools.
/// </summary>
internal sealed class PoolDispatch(StaticSite content, IReadOnlySet<string> forwardedPools, PoolForwarder forwarder)
{
    /// <summary>Whether any application of the site is in one of <paramref name="forwardedPools"/>.</summary>
    public static bool Needed(StaticSite content, IReadOnlySet<string> forwardedPools) =>
        content.Map.Mounts.Any(m => forwardedPools.Contains(m.Application.ApplicationPool));

    /// <summary>The application at <paramref name="path"/> when its requests go to a pool's workers; null when it is the site's own content.</summary>
    public SiteApplication? Forwarded(string path)
    {
        var application = content.Map.Find(path, out _).Application;
        return forwardedPools.Contains(application.ApplicationPool) ? application : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var application = content.Map.Find(context.Request.Path.Value ?? "/", out _).Application;
        if (!forwardedPools.Contains(application.ApplicationPool)) return content.InvokeAsync(context);
        ResponseMarks.SetApplication(context, application);
        content.AddCustomHeaders(context.Response.Headers);
        return forwarder.ForwardAsync(context, application, content);
    }
}
