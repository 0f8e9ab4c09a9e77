using Wharf.Config.Model;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// A pool with workers, as the watchers need it from the configuration: its settings, the Host its
/// probes carry, and whether sockets are handed to its workers (direct hand-off), whose requests
/// www never sees.
/// </summary>
internal sealed record WatchedPool(AppPoolConfig Config, string HostName, bool Handed = false)
{
    /// <summary>Used when no site that uses the pool binds a host name.</summary>
    public const string DefaultHostName = "localhost";

    /// <summary>Every pool that has a program, by name (pool names compare as IIS's do, ignoring case).</summary>
    public static IReadOnlyDictionary<string, WatchedPool> From(WharfConfig config)
    {
        var pools = new Dictionary<string, WatchedPool>(StringComparer.OrdinalIgnoreCase);
        var handed = Hosting.Launch.DirectHandoff.ByPool(config);
        foreach (var pool in config.ApplicationPools)
            if (pool.HasWorkers) pools[pool.Name] = new WatchedPool(pool, HostNameOf(config, pool.Name), handed.ContainsKey(pool.Name));
        return pools;
    }

    /// <summary>
    /// The first host name bound by a site that uses the pool (for its root application or
    /// another), so that a worker that routes by Host answers its probe as it answers clients.
    /// </summary>
    public static string HostNameOf(WharfConfig config, string pool)
    {
        foreach (var site in config.Sites)
        {
            if (!Uses(site, pool)) continue;
            foreach (var binding in site.Bindings)
                if (binding.HostName.Length > 0) return binding.HostName;
        }
        return DefaultHostName;
    }

    private static bool Uses(SiteConfig site, string pool) =>
        string.Equals(site.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase)
        || site.Applications.Any(a => string.Equals(a.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase));
}
