using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Wharf.Www.Static;

namespace Wharf.Www.Routing;

/// <summary>
/// The end of the service's pipeline: finds the site for a request in the current snapshot and
/// hands the request to it. The snapshot is swapped atomically on reload; a request keeps the
/// snapshot it started with.
/// </summary>
internal sealed class SiteRouter(SiteTable initial)
{
    private SiteTable _table = initial;

    public SiteTable Current => Volatile.Read(ref _table);

    public void Swap(SiteTable table) => Volatile.Write(ref _table, table);

    public Task DispatchAsync(HttpContext context)
    {
        var connection = context.Connection;
        var protocol = context.Request.IsHttps ? BindingProtocol.Https : BindingProtocol.Http;
        string? host = context.Request.Headers.Host;
        var site = Current.Find(protocol, connection.LocalIpAddress, connection.LocalPort, host);

        if (site is null) return ErrorPages.BadHostname(context);
        if (site.IsStopped) return ErrorPages.ServiceUnavailable(context);
        return site.Runtime is { } runtime ? SiteRequest.RunAsync(site, runtime, context) : site.Pipeline(context);
    }
}
