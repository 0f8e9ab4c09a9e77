using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools;

/// <summary>The physical folders of the applications a pool serves: a site's root application when the site names the pool, and each application that does.</summary>
internal static class PoolPaths
{
    public static IReadOnlyList<string> Of(WharfConfig config, string pool)
    {
        var paths = new List<string>();
        foreach (var site in config.Sites)
        {
            if (string.Equals(site.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase)) paths.Add(site.PhysicalPath);
            foreach (var app in site.Applications)
                if (string.Equals(app.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase)) paths.Add(app.PhysicalPath);
        }
        return paths.Distinct(StringComparer.Ordinal).ToArray();
    }
}
