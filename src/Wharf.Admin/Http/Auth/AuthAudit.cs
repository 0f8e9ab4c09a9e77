using Wharf.Config.Store;

namespace Wharf.Admin.Http.Auth;

/// <summary>Audit lines for what is not a configuration change: logins, logouts, accounts and tokens. The version is the store's at the time.</summary>
internal sealed class AuthAudit(AuditLog audit, ConfigStore store)
{
    public const string Login = "login";
    public const string LoginFailed = "login-failed";
    public const string LoginRefused = "login-refused";
    public const string Logout = "logout";
    public const string UserAdd = "user-add";
    public const string UserRemove = "user-remove";
    public const string UserPassword = "user-passwd";
    public const string TokenAdd = "token-add";
    public const string TokenRemove = "token-remove";

    public void Write(Actor actor, string action, string? detail)
    {
        var version = store.Current()?.Version ?? 0;
        audit.Append(actor, action, version, null, [], detail);
    }

    /// <summary>Who tried to log in, as typed (cut short: it comes from the network); the line's detail says from where.</summary>
    public static Actor Attempt(string user) =>
        new(user.Length > 64 ? user[..64] + "…" : user, uint.MaxValue, 0);
}
