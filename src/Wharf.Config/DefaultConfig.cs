using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>
/// The configuration written when there is none. Secure by default: every binding is on loopback
/// and an unprivileged port, so a fresh install serves nobody but this machine until told to.
/// </summary>
public static class DefaultConfig
{
    public const string SiteName = "Default Web Site";
    public const string AppPoolName = "DefaultAppPool";
    public const int HttpPort = 8080;
    public const int HttpsPort = 8443;

    /// <summary>The self-signed certificate `wharf serve` makes on first start (<see cref="SelfSignedCertificate"/>).</summary>
    public const string CertificateFile = "config/certs/localhost.pem";
    public const string KeyFile = "config/certs/localhost.key";

    public static WharfConfig Create() => new()
    {
        // Relative, so it resolves next to wharf.json, where DataRootInitializer writes the schema.
        Schema = ConfigSchema.FileName,
        Version = 1,
        MaxHistoryFiles = 10,
        Services = new ServicesConfig { [ServiceNames.Admin] = new ServiceConfig { Enabled = true }, [ServiceNames.Www] = new ServiceConfig { Enabled = true } },
        Sites =
        [
            new SiteConfig
            {
                Id = 1,
                Name = SiteName,
                PhysicalPath = "wwwroot",
                Bindings =
                [
                    new BindingConfig { Protocol = BindingProtocol.Http, Address = "127.0.0.1", Port = HttpPort },
                    new BindingConfig
                    {
                        Protocol = BindingProtocol.Https, Address = "127.0.0.1", Port = HttpsPort,
                        CertificateFile = CertificateFile, KeyFile = KeyFile,
                    },
                ],
                ApplicationPool = AppPoolName,
            },
        ],
        ApplicationPools = [new AppPoolConfig { Name = AppPoolName }],
    };
}
