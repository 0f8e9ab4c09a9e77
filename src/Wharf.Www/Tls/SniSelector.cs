using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Wharf.Hosting.Tls;

namespace Wharf.Www.Tls;

/// <summary>
/// Answers each TLS handshake of the https listeners with the certificate its SNI name and local
/// endpoint select in the current <see cref="CertificateStore"/>, which a configuration apply
/// swaps whole (a handshake in progress keeps the store it started with), under the one TLS
/// policy of the configuration (<see cref="TlsPolicy"/>: protocols and suites).
/// </summary>
internal sealed class SniSelector(CertificateStore initial, TlsPolicy policy)
{
    // Offered in this order; HTTP/2 first, as Kestrel offers it for Http1AndHttp2 (RFC 7301 section 3.2).
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private CertificateStore _store = initial;
    private TlsPolicy _policy = policy;

    public CertificateStore Current => Volatile.Read(ref _store);

    public TlsPolicy Policy => Volatile.Read(ref _policy);

    public void Swap(CertificateStore store, TlsPolicy policy)
    {
        Volatile.Write(ref _store, store);
        Volatile.Write(ref _policy, policy);
    }

    public ValueTask<SslServerAuthenticationOptions> OnHandshakeAsync(TlsHandshakeCallbackContext context)
    {
        var local = context.Connection.LocalEndPoint as IPEndPoint;
        var serverName = context.ClientHelloInfo.ServerName;
        var certificate = Current.Select(local?.Address, local?.Port ?? 0, serverName)
            // Kestrel ends the connection and logs this at debug level: a client that asked for nothing we serve.
            ?? throw new AuthenticationFailedException($"no https binding serves {local} for SNI name \"{serverName}\"");
        return ValueTask.FromResult(Policy.Apply(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Current.Context,
            ApplicationProtocols = Alpn,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        }));
    }

    private sealed class AuthenticationFailedException(string message) : Exception(message);
}
