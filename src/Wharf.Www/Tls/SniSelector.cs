using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Wharf.Www.Tls;

/// <summary>
/// Answers each TLS handshake of the https listeners with the certificate its SNI name and local
/// endpoint select in the current <see cref="CertificateStore"/>, which a configuration apply
/// swaps whole (a handshake in progress keeps the store it started with).
/// </summary>
internal sealed class SniSelector(CertificateStore initial)
{
    // Offered in this order; HTTP/2 first, as Kestrel offers it for Http1AndHttp2 (RFC 7301 section 3.2).
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private CertificateStore _store = initial;

    public CertificateStore Current => Volatile.Read(ref _store);

    public void Swap(CertificateStore store) => Volatile.Write(ref _store, store);

    public ValueTask<SslServerAuthenticationOptions> OnHandshakeAsync(TlsHandshakeCallbackContext context)
    {
        var local = context.Connection.LocalEndPoint as IPEndPoint;
        var serverName = context.ClientHelloInfo.ServerName;
        var certificate = Current.Select(local?.Address, local?.Port ?? 0, serverName)
            // Kestrel ends the connection and logs this at debug level: a client that asked for nothing we serve.
            ?? throw new AuthenticationFailedException($"no https binding serves {local} for SNI name \"{serverName}\"");
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Current.Context,
            ApplicationProtocols = Alpn,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        });
    }

    private sealed class AuthenticationFailedException(string message) : Exception(message);
}
