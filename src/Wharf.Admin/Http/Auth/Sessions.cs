using System.Collections.Concurrent;
using Wharf.Config.Accounts;

namespace Wharf.Admin.Http.Auth;

/// <summary>
/// Console sessions: an opaque random id in the cookie, its SHA-256 on disk, a CSRF token beside
/// it. A session ends when idle for <c>idle</c>, <c>absolute</c> after the login, at logout, and
/// when its account is removed or its password changes. Saved by rename (<see cref="StateFile{T}"/>)
/// so a restart of the admin service keeps everyone logged in; a request's "last seen" is saved at
/// most once per <see cref="SaveSeenEvery"/>, so an idle end after a restart errs by at most that.
/// </summary>
internal sealed class Sessions(StateFile<SessionsDocument> file, StateFile<AccountsDocument> accounts, TimeProvider time, Func<(TimeSpan Idle, TimeSpan Absolute)> limits)
{
    public static readonly TimeSpan SaveSeenEvery = TimeSpan.FromMinutes(1);

    // Last seen in this process, newer than what is saved.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>A new session; returns the cookie's value (shown to the browser alone) and the record.</summary>
    public (string Id, SessionRecord Session) Create(string user, AdminRole role)
    {
        var id = PasswordHash.RandomSecret(32);
        var now = time.GetUtcNow();
        var session = new SessionRecord(PasswordHash.Sha256(id), user, role, PasswordHash.RandomSecret(32), now, now);
        file.Update(current => (new SessionsDocument([.. current.Sessions.Where(s => IsLive(s, now)), session]), 0));
        return (id, session);
    }

    /// <summary>The live session this cookie names, marked as seen now; null when it is unknown, ended or expired.</summary>
    public SessionRecord? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128) return null;
        var hash = PasswordHash.Sha256(id);
        var session = file.Read().Sessions.FirstOrDefault(s => s.IdSha256 == hash);
        if (session is null) return null;
        var now = time.GetUtcNow();
        if (_seen.TryGetValue(hash, out var seen) && seen > session.LastSeen) session = session with { LastSeen = seen };
        if (!IsLive(session, now) || !AccountAllows(session))
        {
            _seen.TryRemove(hash, out _);
            return null;
        }
        _seen[hash] = now;
        if (now - session.LastSeen >= SaveSeenEvery)
            file.Update(current => (current with { Sessions = [.. current.Sessions.Select(s => s.IdSha256 == hash ? s with { LastSeen = now } : s)] }, 0));
        return session;
    }

    public DateTimeOffset Expires(SessionRecord session)
    {
        var (idle, absolute) = limits();
        var byIdle = (_seen.TryGetValue(session.IdSha256, out var seen) && seen > session.LastSeen ? seen : session.LastSeen) + idle;
        var byAge = session.Created + absolute;
        return byIdle < byAge ? byIdle : byAge;
    }

    public bool Revoke(string? id)
    {
        if (string.IsNullOrEmpty(id)) return false;
        var hash = PasswordHash.Sha256(id);
        _seen.TryRemove(hash, out _);
        return RemoveWhere(s => s.IdSha256 == hash) > 0;
    }

    /// <summary>Every session of an account: it was removed, or its password changed.</summary>
    public int RevokeUser(string user) => RemoveWhere(s => s.User == user);

    private int RemoveWhere(Func<SessionRecord, bool> match) =>
        file.Update(current =>
        {
            var kept = current.Sessions.Where(s => !match(s)).ToArray();
            return kept.Length == current.Sessions.Count ? ((SessionsDocument?)null, 0) : (new SessionsDocument(kept), current.Sessions.Count - kept.Length);
        });

    private bool IsLive(SessionRecord session, DateTimeOffset now)
    {
        var (idle, absolute) = limits();
        return now < session.LastSeen + idle && now < session.Created + absolute;
    }

    // Also checked here, not only revoked on change: a session file restored from a backup must not outlive its account.
    private bool AccountAllows(SessionRecord session) =>
        accounts.Read().Find(session.User) is { } account && account.PasswordChanged <= session.Created && account.Role == session.Role;
}
