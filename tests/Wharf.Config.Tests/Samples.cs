using Wharf.Config.Model;

namespace Wharf.Config.Tests;

/// <summary>Small configurations to change one thing in: each starts valid.</summary>
internal static class Samples
{
    public static WharfConfig Valid => DefaultConfig.Create();

    public static BindingConfig Http(int port, string address = "*", string hostName = "") =>
        new() { Protocol = BindingProtocol.Http, Address = address, Port = port, HostName = hostName };

    public static BindingConfig Https(int port, string address = "*", string hostName = "") =>
        Http(port, address, hostName) with { Protocol = BindingProtocol.Https, CertificateFile = "config/certs/site.pem" };

    public static SiteConfig Site(long id, string name, params BindingConfig[] bindings) => new()
    {
        Id = id,
        Name = name,
        PhysicalPath = "sites/" + id,
        Bindings = bindings,
    };

    public static WharfConfig WithSites(params SiteConfig[] sites) => Valid with { Sites = sites };

    public static WharfConfig WithSite(Func<SiteConfig, SiteConfig> change) => Valid with { Sites = [change(Valid.Sites[0])] };

    public static WharfConfig WithRecovery(Func<RecoveryConfig, RecoveryConfig> change) => Valid with
    {
        Services = new ServicesConfig { [ServiceNames.Www] = new ServiceConfig { Recovery = change(new RecoveryConfig()) } },
    };

    public static WharfConfig WithRapidFail(Func<RapidFailConfig, RapidFailConfig> change) =>
        WithRecovery(r => r with { RapidFail = change(r.RapidFail) });

    public static WharfConfig WithService(Func<ServiceConfig, ServiceConfig> change) => Valid with
    {
        Services = new ServicesConfig { [ServiceNames.Www] = change(new ServiceConfig()) },
    };

    public static IReadOnlyList<ConfigError> Errors(WharfConfig config) => ConfigValidator.Validate(config);

    /// <summary>The one error the change caused: proves the rule fires, and nothing else does.</summary>
    public static ConfigError OnlyError(WharfConfig config) => Assert.Single(ConfigValidator.Validate(config));
}
