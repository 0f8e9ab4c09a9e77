using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools.Offline;

/// <summary>An application whose folder is watched: its folder (<see cref="AppOffline.Key"/>) and its pool, spelled as the pool's configuration spells it.</summary>
internal sealed record OfflineApplication(string Folder, string Pool);

/// <summary>
/// Which pools are offline for the files found, and what to tell the supervisor when that
/// changes: a pool goes offline with its first application that holds the file, and comes back
/// online only when none of its applications holds one.
/// </summary>
internal static class OfflinePools
{
    /// <summary>
    /// The applications of every pool with workers (a pool without a program has none to stop;
    /// its content is www's own, served as it is).
    /// </summary>
    public static IReadOnlyList<OfflineApplication> Applications(WharfConfig config, DataRoot root)
    {
        var pools = config.ApplicationPools.Where(p => p.HasWorkers)
            .ToDictionary(p => p.Name, p => p.Name, StringComparer.OrdinalIgnoreCase);
        var applications = new List<OfflineApplication>();
        foreach (var site in config.Sites)
        {
            Add(site.PhysicalPath, site.ApplicationPool);
            foreach (var application in site.Applications) Add(application.PhysicalPath, application.ApplicationPool);
        }
        return applications;

        void Add(string physicalPath, string pool)
        {
            if (pools.TryGetValue(pool, out var name)) applications.Add(new OfflineApplication(AppOffline.Key(root.Resolve(physicalPath)), name));
        }
    }

    /// <summary>Pool to the file that takes it offline (the first of its applications, in configuration order, that holds one).</summary>
    public static IReadOnlyDictionary<string, string> Offline(IEnumerable<OfflineApplication> applications, IReadOnlyDictionary<string, OfflinePage> pages)
    {
        var offline = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var application in applications)
            if (pages.TryGetValue(application.Folder, out var page)) offline.TryAdd(application.Pool, page.File);
        return offline;
    }

    /// <summary>
    /// What www says at its start: every pool of <paramref name="applications"/> offline or online.
    /// The supervisor keeps a pool offline across a restart of www, and the file may have gone
    /// while no www was watching; online for a pool that was not offline changes nothing.
    /// </summary>
    public static IEnumerable<PoolReport> AtStart(IEnumerable<OfflineApplication> applications, IReadOnlyDictionary<string, string> offline)
    {
        foreach (var (pool, file) in offline) yield return new PoolReport { Kind = PoolReportKind.Offline, Pool = pool, Detail = file };
        foreach (var pool in applications.Select(a => a.Pool).Distinct(StringComparer.OrdinalIgnoreCase))
            if (!offline.ContainsKey(pool)) yield return new PoolReport { Kind = PoolReportKind.Online, Pool = pool, Detail = "no app_offline.htm when www started" };
    }

    /// <summary>The reports that take the supervisor from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IEnumerable<PoolReport> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        foreach (var (pool, file) in after)
            if (!before.ContainsKey(pool)) yield return new PoolReport { Kind = PoolReportKind.Offline, Pool = pool, Detail = file };
        foreach (var (pool, file) in before)
            if (!after.ContainsKey(pool)) yield return new PoolReport { Kind = PoolReportKind.Online, Pool = pool, Detail = $"{file} is gone" };
    }
}
