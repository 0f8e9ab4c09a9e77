using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Wharf.Config.Accounts;

namespace Wharf.Admin.Http.Auth;

/// <summary>Who an HTTPS request comes from: an API token (<c>Authorization: Bearer</c>) or a console session (the cookie, with its CSRF token on a change).</summary>
internal sealed class Credentials(AdminStateFiles files, Sessions sessions)
{
    public const string SessionCookie = "wharf_session";
    public const string CsrfHeader = "X-Wharf-Csrf";

    public AdminStateFiles Files => files;

    public Sessions Sessions => sessions;

    /// <summary>The caller, or the answer that refuses the request (401: no or bad credentials; 403: a session's change without its CSRF token).</summary>
    public (AdminCaller? Caller, int Status, string? Problem) Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            const string Bearer = "Bearer ";
            if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
                return (null, StatusCodes.Status401Unauthorized, "unsupported Authorization scheme; send Authorization: Bearer <token>");
            var token = authorization[Bearer.Length..].Trim();
            return FindToken(token) is { } found
                ? (new AdminCaller(AdminCaller.TokenPrefix + found.Name, found.Role), 0, null)
                : (null, StatusCodes.Status401Unauthorized, "unknown or revoked token");
        }

        if (request.Cookies[SessionCookie] is { Length: > 0 } id)
        {
            if (sessions.Find(id) is not { } session)
                return (null, StatusCodes.Status401Unauthorized, "the session has ended; log in again");
            if (!IsSafe(request.Method) && !CsrfMatches(request.Headers[CsrfHeader].ToString(), session.Csrf))
                return (null, StatusCodes.Status403Forbidden, "missing or wrong CSRF token");
            return (new AdminCaller(session.User, session.Role) { Session = session }, 0, null);
        }
        return (null, StatusCodes.Status401Unauthorized, "log in first: POST /api/session with {\"user\",\"password\"}, or send Authorization: Bearer <token> (docs/admin-security.md)");
    }

    public static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private ApiToken? FindToken(string token)
    {
        if (token.Length is 0 or > 256) return null;
        var hash = PasswordHash.Sha256(token);
        return files.Tokens.Read().Tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(t.Sha256), Encoding.ASCII.GetBytes(hash)));
    }

    private static bool CsrfMatches(string sent, string expected) =>
        sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
}
