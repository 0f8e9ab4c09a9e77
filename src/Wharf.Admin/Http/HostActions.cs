using Microsoft.AspNetCore.Http;
using Wharf.Config;
using Wharf.Config.Store;

namespace Wharf.Admin.Http;

/// <summary>
/// What the services and reset endpoints need to know of a request: who asked, for the audit
/// line, and whether it came over the local Unix socket (only then are /disable and /enable given,
/// as iisreset refuses them for a remote computer).
/// </summary>
internal sealed class HostActions(DataRoot root, AuditLog audit)
{
    /// <summary>
    /// From the connection's own socket, whatever any header says: Kestrel gives an IP address for
    /// a connection whose local end is an IP endpoint (HTTPS on 8172, any TCP listener) and none
    /// for run/admin.sock, a Unix socket (whose endpoint it does not expose as a feature).
    /// </summary>
    public static bool CameOverLocalSocket(HttpContext context) => context.Connection.LocalIpAddress is null;

    /// <summary>Who asked, as the audit log names them.</summary>
    public static Actor Actor(HttpContext context) =>
        context.Features.Get<AdminCaller>()?.ToActor() ?? new Actor("(unknown)", uint.MaxValue, 0);

    /// <summary>One audit line for an operation on the running host; it commits nothing, so it carries the committed version.</summary>
    public void Audit(HttpContext context, string action, string detail)
    {
        long version = 0;
        try
        {
            version = ConfigStore.ReadCommittedVersion(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The line is still written; 0 says the version could not be read.
        }
        audit.Append(Actor(context), action, version, null, [], detail);
    }
}
