using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>
/// What of the configuration each service may read. A service reads its view, never wharf.json
/// or history: what a later service keeps there (FTP and SMTP users' password hashes, console
/// accounts) never reaches another service's account.
/// </summary>
public static class ConfigViews
{
    /// <summary>What every service gets: the version, the store's settings and the TLS policy; no service, site or pool.</summary>
    public static WharfConfig Common(WharfConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new WharfConfig { Schema = config.Schema, Version = config.Version, MaxHistoryFiles = config.MaxHistoryFiles, Tls = config.Tls };
    }

    /// <summary>The common part and the service's own <c>services.NAME</c>.</summary>
    public static WharfConfig Service(WharfConfig config, string service)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Common(config) with { Services = config.Services.Only(service) };
    }
}
