using Microsoft.AspNetCore.Http;
using Wharf.Admin.Http.Auth;
using Wharf.Config.Accounts;
using Wharf.Hosting;

namespace Wharf.Admin.Http;

/// <summary>
/// Sets <see cref="AdminCaller"/> on every request before any endpoint runs, for both listeners.
/// On run/admin.sock the caller is the peer's Unix identity, checked as the control socket checks
/// it (root, the supervisor's user, <c>wharf-admins</c>), with the admin role. Over HTTPS it is a
/// token or a console session (<see cref="Credentials"/>); only the console's static files and
/// the login itself are open without one. A <c>read</c> caller may only read.
/// </summary>
internal sealed class AdminAuthentication(LocalAdminPolicy local, Credentials? remote)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        AdminCaller? caller;
        if (context.Features.Get<PeerCredentialsFeature>() is { } peer)
        {
            if (local.Check(peer.Peer) is { } refusal)
            {
                await ApiResults.Error(context, StatusCodes.Status403Forbidden, refusal);
                return;
            }
            caller = new AdminCaller(AdminCaller.UnixPrefix + peer.UserName, AdminRole.Admin, peer.Peer.Uid, peer.Peer.Pid);
        }
        else if (request.IsHttps && remote is not null)
        {
            var (found, status, problem) = remote.Authenticate(request);
            if (found is null)
            {
                // The console's files and the login are open; a bad cookie there is the login page's to handle.
                if (IsOpen(request))
                {
                    await next(context);
                    return;
                }
                if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer realm=\"wharf\"";
                await ApiResults.Error(context, status, problem!);
                return;
            }
            caller = found;
        }
        else
        {
            await ApiResults.Error(context, StatusCodes.Status403Forbidden, "access denied: the caller's identity is unknown");
            return;
        }

        if (Refusal(caller, request) is { } refused)
        {
            await ApiResults.Error(context, StatusCodes.Status403Forbidden, refused);
            return;
        }
        context.Features.Set(caller);
        await next(context);
    }

    /// <summary>What needs no credentials over HTTPS: the console's shell and files, and logging in.</summary>
    public static bool IsOpen(HttpRequest request)
    {
        var path = request.Path;
        // Logging in, and asking whether one is logged in; logging out needs the session and its CSRF token.
        if (path.Equals("/api/session", StringComparison.Ordinal)) return !HttpMethods.IsDelete(request.Method);
        if (!Credentials.IsSafe(request.Method)) return false;
        return path == "/" || path.Equals("/login", StringComparison.Ordinal) || path.Equals("/favicon.ico", StringComparison.Ordinal)
            || path.StartsWithSegments("/assets", StringComparison.Ordinal);
    }

    /// <summary>A read caller reads everything but the accounts and tokens, and changes nothing.</summary>
    private static string? Refusal(AdminCaller caller, HttpRequest request)
    {
        if (caller.Role == AdminRole.Admin) return null;
        if (request.Path.StartsWithSegments("/api/admin", StringComparison.Ordinal))
            return $"{caller.Account} has the read role; accounts and tokens are for the admin role";
        // Anyone may end their own session.
        if (request.Path.Equals("/api/session", StringComparison.Ordinal)) return null;
        return Credentials.IsSafe(request.Method) ? null : $"{caller.Account} has the read role, which changes nothing";
    }
}
