using System.Net.Security;
using System.Security.Authentication;
using Wharf.Config.Model;

namespace Wharf.Hosting.Tls;

/// <summary>
/// The configuration's <c>tls</c> section as SslStream takes it, built once per configuration and
/// applied to every TLS endpoint's server options: www's https bindings, the admin service's
/// 8172, and later FTPS and STARTTLS. The validator has already refused anything outside TLS 1.2
/// and 1.3 and the forward-secret AEAD suites, so what is built here is only ever that or narrower.
/// </summary>
public sealed class TlsPolicy
{
    private TlsPolicy(SslProtocols protocols, CipherSuitesPolicy suites, TlsConfig config)
    {
        Protocols = protocols;
        CipherSuites = suites;
        Config = config;
    }

    public static TlsPolicy Default { get; } = From(new TlsConfig());

    public SslProtocols Protocols { get; }

    public CipherSuitesPolicy CipherSuites { get; }

    public TlsConfig Config { get; }

    public static TlsPolicy From(TlsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var protocols = SslProtocols.None;
        foreach (var protocol in config.Protocols)
            protocols |= protocol == TlsProtocol.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12;
        var suites = new List<TlsCipherSuite>();
        foreach (var name in config.CipherSuites)
            if (TlsSuites.Allowed.Contains(name) && Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite))
                suites.Add(suite);
        return new TlsPolicy(protocols, new CipherSuitesPolicy(suites), config);
    }

    /// <summary>The same policy when the section did not change, so an apply that leaves it alone swaps nothing.</summary>
    public TlsPolicy With(TlsConfig config) => Equals(config, Config) ? this : From(config);

    /// <summary>Sets the protocols and suites on a handshake's options; everything else is the endpoint's.</summary>
    public SslServerAuthenticationOptions Apply(SslServerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnabledSslProtocols = Protocols;
        options.CipherSuitesPolicy = CipherSuites;
        return options;
    }
}
