using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>Which account each service runs as under a root supervisor (docs/security.md).</summary>
public static class ServiceAccounts
{
    public const string Prefix = "wharf-";

    /// <summary>Accounts other software uses, so never one of a service.</summary>
    public static readonly IReadOnlySet<string> Shared = new HashSet<string>(StringComparer.Ordinal) { "root", "0", "nobody", "nogroup" };

    /// <summary><c>services.NAME.user</c>, else <c>wharf-NAME</c>: one system account per service.</summary>
    public static string For(string service, ServiceConfig? settings) => settings?.User ?? Prefix + service;

    /// <summary>Every service's account, by service.</summary>
    public static IReadOnlyDictionary<string, string> All(WharfConfig config) =>
        config.Services.All().ToDictionary(s => s.Name, s => For(s.Name, s.Config), StringComparer.Ordinal);
}
