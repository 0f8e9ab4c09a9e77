using System.Net.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Wharf.Admin.Api.Modules.Admin;
using Wharf.Admin.Http.Auth;
using Wharf.Config.Accounts;
using Wharf.Config.Store;
using Wharf.Hosting;
using Wharf.Hosting.Kestrel;
using Wharf.Hosting.Tls;

namespace Wharf.Admin.Http;

/// <summary>
/// The admin API over HTTPS (<c>admin.https</c>, 8172 by default): TLS on that listener under the
/// one TLS policy, the credentials it takes (accounts, sessions, tokens; state/admin/), the login
/// cap, and the endpoints for sessions, accounts and tokens. The settings are those the process
/// started with; a change to them takes effect when the admin service restarts (a change of
/// address or port restarts it by itself), except the certificate files' content, reloaded when it changes.
/// </summary>
internal sealed class RemoteAccess
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly ServiceContext _context;
    private readonly TlsPolicy _policy;
    private readonly AdminCertificate? _certificate;
    private readonly LoginThrottle _throttle;
    private readonly AuthAudit _audit;

    private RemoteAccess(ServiceContext context, ConfigStore store, AdminCertificate? certificate)
    {
        _context = context;
        var config = context.Config;
        _policy = TlsPolicy.From(config.Tls);
        _certificate = certificate;
        var files = new AdminStateFiles(context.Root);
        var sessions = config.Admin.Sessions;
        Credentials = new Credentials(files, new Sessions(files.Sessions, files.Accounts, TimeProvider.System, () => (sessions.IdleTimeout, sessions.AbsoluteTimeout)));
        _throttle = new LoginThrottle(TimeProvider.System, config.Admin.Logins.MaxFailures, config.Admin.Logins.Window);
        _audit = new AuthAudit(new AuditLog(context.Root.AuditLog, TimeProvider.System), store);
    }

    public Credentials Credentials { get; }

    /// <exception cref="IOException">The HTTPS listener is configured but its certificate does not load: the start fails, naming the files.</exception>
    public static RemoteAccess Create(ServiceContext context, ConfigStore store, ILogger log)
    {
        var https = context.Config.Admin.Https;
        var certificate = context.Listeners.Keys.Any(IsHttps)
            ? new AdminCertificate(context.Root.Resolve(https.CertificateFile), context.Root.Resolve(https.KeyFile), TimeProvider.System, log)
            : null;
        return new RemoteAccess(context, store, certificate);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        new SessionEndpoints(Credentials, _throttle, _audit).Map(app);
        new AccountEndpoints(Credentials, _audit, TimeProvider.System).Map(app);
    }

    public void ConfigureListener(string name, ListenOptions listen)
    {
        if (!IsHttps(name) || _certificate is null) return;
        listen.UseTls(OnHandshakeAsync);
    }

    private ValueTask<SslServerAuthenticationOptions> OnHandshakeAsync(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(_policy.Apply(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificate!.Current,
            ApplicationProtocols = Alpn,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        }));

    // Every listener but run/admin.sock is the HTTPS one.
    private static bool IsHttps(string listenerName) => !listenerName.Contains("/unix:", StringComparison.Ordinal);
}
