using Wharf.Config;
using Wharf.Www.Logging;

namespace Wharf.Www.Routing;

/// <summary>
/// The <see cref="SiteRuntime"/> of every configured site, by id, owned by the service for its
/// whole life: each new <see cref="SiteTable"/> takes the runtimes of the sites it keeps, and
/// the runtimes of sites it drops are retired.
/// </summary>
internal sealed class SiteRuntimes(DataRoot root, W3cLogWriter logs, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SiteRuntime> _byKey = new(StringComparer.Ordinal);

    public W3cLogWriter Logs { get; } = logs;

    public SiteRuntime? Find(long siteId)
    {
        lock (_lock) return _byKey.GetValueOrDefault(Key(siteId, ""));
    }

    /// <summary>Every site's counters, for the supervisor's figures question.</summary>
    public IReadOnlyList<Hosting.Control.Metrics.SiteFigures> Figures()
    {
        lock (_lock) return _byKey.Values.Select(r => r.Counters.Figures()).ToArray();
    }

    /// <summary>Gives each site its runtime, updated to the site's configuration, and retires the rest.</summary>
    public void Attach(IReadOnlyList<Site> sites)
    {
        lock (_lock)
        {
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var site in sites)
            {
                var key = Key(site.Config.Id, site.Config.Name);
                if (!kept.Add(key)) continue;
                if (!_byKey.TryGetValue(key, out var runtime)) _byKey[key] = runtime = new SiteRuntime(time);
                runtime.Update(site.Config, root, Logs);
                site.Runtime = runtime;
            }
            foreach (var key in _byKey.Keys.Where(k => !kept.Contains(k)).ToList())
            {
                _byKey[key].Retire();
                _byKey.Remove(key);
            }
        }
    }

    // Ids are unique and at least 1 in a valid configuration; an unvalidated one (in-process
    // tests) may leave them 0, and then the name tells its sites apart.
    private static string Key(long id, string name) =>
        id >= 1 ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "name:" + name;
}
