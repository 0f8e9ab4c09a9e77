using Wharf.Config.Model;

namespace Wharf.Config;

public static partial class ConfigValidator
{
    /// <summary>The www service's own settings: its sites and the application pools they name.</summary>
    private static void ValidateWww(WharfConfig config, Errors errors)
    {
        // Sites are checked against the pools' names, but errors come in the file's order.
        var pools = new HashSet<string>(config.ApplicationPools.Select(p => p.Name).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        ValidateSites(config.Sites, pools, errors);
        ValidatePools(config.ApplicationPools, errors);
    }

    private static void ValidatePools(IReadOnlyList<AppPoolConfig> pools, Errors errors)
    {
        // Names compare ignoring case, as IIS does.
        var firstByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < pools.Count; i++)
        {
            var at = $"/applicationPools/{i}/name";
            var name = pools[i].Name;
            if (string.IsNullOrWhiteSpace(name))
                errors.Add(at, $"{Quote(name)} is not a name; every application pool needs one");
            else if (!firstByName.TryAdd(name, i))
                errors.Add(at, $"{Quote(name)} is also the name of /applicationPools/{firstByName[name]}; application pool names are unique (ignoring case)");
        }
    }
}
