using System.Net;
using Wharf.Config.Model;

namespace Wharf.Hosting.Launch;

/// <summary>
/// Direct hand-off (a pool's program.directHandoff): which of www's listening sockets go to a
/// pool's workers instead, who then accept on them themselves, as w3wp read HTTP.sys's queue. A
/// socket qualifies when every site bound to it has its root application and every application
/// in that one pool: a worker cannot route by host name to another pool. The sockets keep www's
/// names (www/*:80), so one moving between www and a pool is the same socket, held throughout.
/// A pure function of the configuration: the supervisor hands these, and www leaves them out.
/// </summary>
internal static class DirectHandoff
{
    private const string Wildcard = "*";

    /// <summary>Each pool that takes sockets, with them, in name order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ListenerSpec>> ByPool(WharfConfig config)
    {
        var handing = config.ApplicationPools
            .Where(p => p.Program is { DirectHandoff: true })
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var result = new SortedDictionary<string, IReadOnlyList<ListenerSpec>>(StringComparer.Ordinal);
        if (handing.Count == 0) return result;

        foreach (var (spec, sites) in SitesBySocket(config))
        {
            var pools = sites.Select(WhollyIn).Distinct().ToArray();
            if (pools is not [{ } pool] || !handing.Contains(pool)) continue;
            result[pool] = [.. (result.TryGetValue(pool, out var before) ? before : []).Append(spec).OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        return result;
    }

    /// <summary>The names of every handed socket (www must not listen on them; the supervisor must keep them).</summary>
    public static IReadOnlySet<string> Names(WharfConfig config) =>
        ByPool(config).Values.SelectMany(specs => specs.Select(s => s.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The one pool that has the whole site, or null.</summary>
    private static string? WhollyIn(SiteConfig site)
    {
        var pools = site.Applications.Select(a => a.ApplicationPool).Append(site.ApplicationPool).Distinct(StringComparer.Ordinal).ToArray();
        return pools.Length == 1 ? pools[0] : null;
    }

    /// <summary>www's sockets as it binds them (one per port with a wildcard binding, else one per address), with the sites bound to each.</summary>
    private static IEnumerable<(ListenerSpec Spec, IReadOnlyList<SiteConfig> Sites)> SitesBySocket(WharfConfig config)
    {
        var bindings = config.Sites.SelectMany(site => site.Bindings.Select(b => (Site: site, b.Port, Address: Canonical(b.Address)))).ToArray();
        foreach (var port in bindings.GroupBy(b => b.Port))
        {
            if (port.Any(b => b.Address == Wildcard))
                yield return (new ListenerSpec(ServiceNames.Www, Wildcard, port.Key), port.Select(b => b.Site).Distinct().ToArray());
            else
                foreach (var address in port.GroupBy(b => b.Address, StringComparer.Ordinal))
                    yield return (new ListenerSpec(ServiceNames.Www, address.Key, port.Key), address.Select(b => b.Site).Distinct().ToArray());
        }
    }

    /// <summary>As WwwListeners spells an address, so the names agree.</summary>
    private static string Canonical(string address)
    {
        var trimmed = address.Trim();
        if (trimmed == Wildcard) return Wildcard;
        if (!IPAddress.TryParse(trimmed, out var ip)) return trimmed;
        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }
}
