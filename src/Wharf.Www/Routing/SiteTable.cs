using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Pools;
using Wharf.Www.Static;

namespace Wharf.Www.Routing;

/// <summary>
/// The immutable routing snapshot of one configuration version: the sites and the binding table
/// that finds them. A reload builds a new one and swaps it in whole (<see cref="SiteRouter"/>).
/// </summary>
internal sealed class SiteTable
{
    private readonly Site[] _sites;
    private readonly BindingTable _bindings;

    private SiteTable(Site[] sites, BindingTable bindings)
    {
        _sites = sites;
        _bindings = bindings;
    }

    public long ConfigVersion { get; private init; }

    public IReadOnlyList<Site> Sites => _sites;

    public Site? Find(BindingProtocol protocol, System.Net.IPAddress? localAddress, int localPort, ReadOnlySpan<char> hostHeader)
    {
        var index = _bindings.Match(protocol, localAddress, localPort, hostHeader);
        return index == BindingTable.NoSite ? null : _sites[index];
    }

    public static SiteTable Build(
        WharfConfig config,
        long version,
        DataRoot root,
        IContentTypeProvider contentTypes,
        ILogger log,
        SiteRuntimes? runtimes = null,
        PoolForwarder? pools = null)
    {
        // The pools whose applications' requests go to workers; everything else is static content.
        var forwarded = config.ApplicationPools.Where(p => p.HasWorkers).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sites = new Site[config.Sites.Count];
        for (var i = 0; i < sites.Length; i++)
        {
            var site = config.Sites[i];
            var path = root.Resolve(site.PhysicalPath);
            // A missing folder still gets a site (404 for what is not there, with the site's
            // headers and error pages), so that one bad path does not take the service down;
            // the administrator sees why in the log.
            if (!Directory.Exists(path)) WwwLog.PhysicalPathMissing(log, site.Name, path);
            var content = StaticSite.Build(site, root, contentTypes, log);
            var dispatch = pools is not null && PoolDispatch.Needed(content, forwarded)
                ? new PoolDispatch(content, forwarded, pools)
                : null;
            sites[i] = new Site(site, content, dispatch);
        }
        // Limits and logs: each site's runtime, kept by id across snapshots (retired for sites gone).
        runtimes?.Attach(sites);
        return new SiteTable(sites, BindingTable.Build(config.Sites)) { ConfigVersion = version };
    }
}
