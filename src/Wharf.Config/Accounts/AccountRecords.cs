namespace Wharf.Config.Accounts;

/// <summary><c>state/admin/accounts.json</c>: Wharf's own administrator accounts.</summary>
public sealed record AccountsDocument(IReadOnlyList<AdminAccount> Accounts)
{
    public static AccountsDocument Empty { get; } = new([]);

    public AdminAccount? Find(string name) => Accounts.FirstOrDefault(a => a.Name == name);
}

/// <param name="Hash">A <see cref="PasswordHash"/>, never the password.</param>
/// <param name="PasswordChanged">Sessions begun before it are ended (a changed password logs everyone out).</param>
public sealed record AdminAccount(string Name, AdminRole Role, string Hash, DateTimeOffset Created, DateTimeOffset PasswordChanged);

/// <summary><c>state/admin/tokens.json</c>: API tokens for scripts, each stored as the SHA-256 of a 256-bit random secret shown once.</summary>
public sealed record TokensDocument(IReadOnlyList<ApiToken> Tokens)
{
    public static TokensDocument Empty { get; } = new([]);
}

public sealed record ApiToken(string Name, AdminRole Role, string Sha256, DateTimeOffset Created);

/// <summary><c>state/admin/sessions.json</c>: console sessions, kept so that they survive a restart of the admin service.</summary>
public sealed record SessionsDocument(IReadOnlyList<SessionRecord> Sessions)
{
    public static SessionsDocument Empty { get; } = new([]);
}

/// <param name="IdSha256">The SHA-256 of the cookie's value; the value itself is only ever in the browser.</param>
/// <param name="Csrf">The token every change must carry in X-Wharf-Csrf; useless without the cookie.</param>
/// <param name="LastSeen">Saved at most once a minute, so an idle timeout after a restart errs by at most that.</param>
public sealed record SessionRecord(string IdSha256, string User, AdminRole Role, string Csrf, DateTimeOffset Created, DateTimeOffset LastSeen);
