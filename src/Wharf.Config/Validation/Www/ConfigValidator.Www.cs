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
        ValidatePools(config.ApplicationPools, ServiceAccounts.All(config), errors);
    }
}
