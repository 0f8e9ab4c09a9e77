using Microsoft.Extensions.Time.Testing;
using Wharf.Admin.Http.Auth;
using Wharf.Config;
using Wharf.Config.Accounts;

namespace Wharf.Admin.Tests;

public sealed class SessionsTests : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(12);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("wharf-sessions.");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
    private readonly AdminStateFiles _files;

    public SessionsTests()
    {
        _files = new AdminStateFiles(new DataRoot(_folder.FullName));
        var now = _time.GetUtcNow();
        _files.Accounts.Write(new AccountsDocument([new AdminAccount("alice", AdminRole.Admin, "x", now, now)]));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    // A new instance per call: what a restarted admin service would read from disk.
    private Sessions NewSessions() => new(_files.Sessions, _files.Accounts, _time, () => (Idle, Absolute));

    [Fact]
    public void A_session_is_found_by_its_id_and_only_its_hash_is_on_disk()
    {
        var (id, session) = NewSessions().Create("alice", AdminRole.Admin);

        Assert.Equal(session.Csrf, NewSessions().Find(id)?.Csrf);
        Assert.DoesNotContain(id, File.ReadAllText(_files.Sessions.Path));
        Assert.Null(NewSessions().Find(id + "x"));
    }

    [Fact]
    public void An_idle_session_ends_after_the_idle_timeout_but_use_keeps_it_alive_across_a_restart()
    {
        var (id, _) = NewSessions().Create("alice", AdminRole.Admin);
        var sessions = NewSessions();

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(sessions.Find(id));
        _time.Advance(TimeSpan.FromMinutes(29));
        // Seen 29 minutes ago, and saved then (more than a minute after the last save): a new process agrees.
        Assert.NotNull(NewSessions().Find(id));
        _time.Advance(Idle);
        Assert.Null(NewSessions().Find(id));
    }

    [Fact]
    public void A_session_in_use_ends_at_the_absolute_timeout()
    {
        var (id, session) = NewSessions().Create("alice", AdminRole.Admin);
        var sessions = NewSessions();
        for (var elapsed = TimeSpan.Zero; elapsed < Absolute - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(sessions.Find(id));
        }
        Assert.Equal(session.Created + Absolute, sessions.Expires(session));

        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(sessions.Find(id));
    }

    [Fact]
    public void Logout_and_a_password_change_end_sessions()
    {
        var sessions = NewSessions();
        var (first, _) = sessions.Create("alice", AdminRole.Admin);
        var (second, _) = sessions.Create("alice", AdminRole.Admin);

        Assert.True(sessions.Revoke(first));
        Assert.Null(sessions.Find(first));
        Assert.NotNull(sessions.Find(second));

        // Changed on disk without revoking (a restored file): the session began before the change, so it is over.
        _time.Advance(TimeSpan.FromSeconds(1));
        var now = _time.GetUtcNow();
        _files.Accounts.Write(new AccountsDocument([new AdminAccount("alice", AdminRole.Admin, "y", now - TimeSpan.FromHours(1), now)]));
        Assert.Null(NewSessions().Find(second));
    }

    [Fact]
    public void Removing_the_account_ends_its_sessions()
    {
        var sessions = NewSessions();
        var (id, _) = sessions.Create("alice", AdminRole.Admin);

        Assert.Equal(1, sessions.RevokeUser("alice"));
        Assert.Null(NewSessions().Find(id));
    }
}
