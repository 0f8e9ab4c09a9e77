using Microsoft.AspNetCore.Http;
using Wharf.Hosting;

namespace Wharf.Admin.Http;

/// <summary>
/// Every request is checked against the caller's Unix identity, the rule the supervisor's control
/// socket applies: root, the user the supervisor runs as, or the <c>wharf-admins</c> group.
/// </summary>
internal sealed class AdminAuthorization(LocalAdminPolicy policy)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var caller = context.Features.Get<PeerCredentialsFeature>();
        if (caller is null)
        {
            await ApiResults.Error(context, StatusCodes.Status403Forbidden, "access denied: the caller's identity is unknown (the admin API answers only on its Unix socket)");
            return;
        }
        if (policy.Check(caller.Peer) is { } refusal)
        {
            await ApiResults.Error(context, StatusCodes.Status403Forbidden, refusal);
            return;
        }
        await next(context);
    }

    public static PeerCredentialsFeature Caller(HttpContext context) =>
        context.Features.Get<PeerCredentialsFeature>() ?? throw new InvalidOperationException("request without a caller passed authorization");
}
