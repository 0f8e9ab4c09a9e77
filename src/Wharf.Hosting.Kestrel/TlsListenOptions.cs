using System.Net.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Wharf.Hosting.Kestrel;

/// <summary>TLS on an inherited listener, with HTTP/1.1 and HTTP/2 chosen by ALPN.</summary>
public static class TlsListenOptions
{
    /// <summary>
    /// The certificate is chosen per handshake by <paramref name="onHandshake"/> (from the SNI
    /// name and the local endpoint), so one socket serves many host names and a certificate can
    /// change without rebinding. Add connection middleware that must see every connection, TLS
    /// or not, before this call: middleware added later runs inside TLS.
    /// </summary>
    public static ListenOptions UseTls(this ListenOptions listen, Func<TlsHandshakeCallbackContext, ValueTask<SslServerAuthenticationOptions>> onHandshake, TimeSpan? handshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = onHandshake,
            HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
        });
    }
}
