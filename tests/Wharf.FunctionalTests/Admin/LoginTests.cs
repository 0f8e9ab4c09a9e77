using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>The admin endpoint's logins, sessions and CSRF on the real `wharf serve`, over HTTPS.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task The_initial_password_logs_in_with_a_secure_http_only_strict_cookie_that_then_reads_the_api()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);

        var anonymous = await admin.SendAsync(HttpMethod.Get, "/api/config");
        var login = await admin.LoginAsync("admin", admin.InitialPassword(host));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.NotNull(anonymous.Json!["error"]);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal(("admin", "admin"), ((string?)login.Json!["user"], (string?)login.Json["role"]));
        Assert.True(DateTimeOffset.Parse((string)login.Json["expires"]!) > DateTimeOffset.UtcNow.AddMinutes(25));
        Assert.Matches("^wharf_session=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict$", login.SetCookie);

        var cookie = login.SetCookie!.Split(';')[0];
        var config = await admin.SendAsync(HttpMethod.Get, "/api/config", cookie: cookie);
        var me = await admin.SendAsync(HttpMethod.Get, "/api/session", cookie: cookie);
        Assert.Equal(HttpStatusCode.OK, config.Status);
        Assert.Equal("Default Web Site", (string?)config.Json!["sites"]![0]!["name"]);
        Assert.Equal((string?)login.Json["csrf"], (string?)me.Json!["csrf"]);

        var lines = File.ReadAllLines(Path.Combine(host.Root, "logs", "audit.log")).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Contains(lines, l => (string?)l["action"] == "login" && (string?)l["user"] == "admin");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401_and_both_are_audited_without_the_password()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);

        var wrong = await admin.LoginAsync("admin", "not-the-password-1");
        var unknown = await admin.LoginAsync("mallory", "not-the-password-2");

        Assert.Equal((HttpStatusCode.Unauthorized, "wrong user name or password"), (wrong.Status, (string?)wrong.Json!["error"]));
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong user name or password"), (unknown.Status, (string?)unknown.Json!["error"]));
        Assert.Null(wrong.SetCookie);
        var audit = File.ReadAllText(Path.Combine(host.Root, "logs", "audit.log"));
        Assert.Contains("\"user\":\"mallory\"", audit);
        Assert.Equal(2, audit.Split("\"action\":\"login-failed\"").Length - 1);
        Assert.DoesNotContain("not-the-password", audit);
    }

    [Fact]
    public async Task Five_failed_logins_to_an_account_refuse_the_next_even_with_the_right_password_with_429_and_Retry_After()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await admin.LoginAsync("admin", $"guess-number-{i}")).Status);
        var locked = await admin.LoginAsync("admin", admin.InitialPassword(host));

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.InRange(locked.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Null(locked.SetCookie);
    }

    [Fact]
    public async Task A_change_with_the_session_cookie_but_without_its_csrf_token_is_refused_403_and_passes_with_it()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var (cookie, csrf) = await admin.SessionAsync("admin", admin.InitialPassword(host));
        var body = """{"name":"scraper","role":"read"}""";

        var forged = await admin.SendAsync(HttpMethod.Post, "/api/admin/tokens", body, cookie: cookie);
        var wrong = await admin.SendAsync(HttpMethod.Post, "/api/admin/tokens", body, cookie: cookie, csrf: csrf + "x");
        var real = await admin.SendAsync(HttpMethod.Post, "/api/admin/tokens", body, cookie: cookie, csrf: csrf);

        Assert.Equal((HttpStatusCode.Forbidden, "missing or wrong CSRF token"), (forged.Status, (string?)forged.Json!["error"]));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal(HttpStatusCode.Created, real.Status);
        var tokens = await host.CliAsync("admin", "token", "list");
        Assert.Single(tokens.StandardOutput.Split('\n'), l => l.StartsWith("scraper", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_clears_the_cookie_and_ends_the_session_on_the_server()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var (cookie, csrf) = await admin.SessionAsync("admin", admin.InitialPassword(host));

        var withoutCsrf = await admin.SendAsync(HttpMethod.Delete, "/api/session", cookie: cookie);
        var logout = await admin.SendAsync(HttpMethod.Delete, "/api/session", cookie: cookie, csrf: csrf);
        var after = await admin.SendAsync(HttpMethod.Get, "/api/config", cookie: cookie);

        Assert.Equal(HttpStatusCode.Forbidden, withoutCsrf.Status);
        Assert.Equal(HttpStatusCode.NoContent, logout.Status);
        Assert.StartsWith("wharf_session=; Path=/; Max-Age=0", logout.SetCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Fact]
    public async Task A_session_survives_a_restart_of_the_admin_service_and_a_password_change_ends_it()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var (cookie, _) = await admin.SessionAsync("admin", admin.InitialPassword(host));
        var before = await host.ServicePidAsync("admin");

        var restart = await host.CliAsync("service", "restart", "admin");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.NotEqual(before, await host.ServicePidAsync("admin"));
        var after = await admin.SendAsync(HttpMethod.Get, "/api/session", cookie: cookie);
        Assert.Equal((HttpStatusCode.OK, "admin"), (after.Status, (string?)after.Json!["user"]));

        var passwordFile = Path.Combine(host.Root, "new-password");
        File.WriteAllText(passwordFile, "a brand new password\n");
        var passwd = await host.CliAsync("admin", "user", "passwd", "admin", "--password-file", passwordFile);
        Assert.True(passwd.ExitCode == 0, passwd.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.SendAsync(HttpMethod.Get, "/api/session", cookie: cookie)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync("admin", "a brand new password")).Status);
    }

    [Fact]
    public async Task The_last_account_cannot_be_removed_and_a_removed_account_cannot_log_in()
    {
        await using var host = await WharfHost.StartAsync();
        var passwordFile = Path.Combine(host.Root, "alice-password");
        File.WriteAllText(passwordFile, "alice's long password\n");

        var last = await host.CliAsync("admin", "user", "remove", "admin");
        var add = await host.CliAsync("admin", "user", "add", "alice", "--password-file", passwordFile);
        var remove = await host.CliAsync("admin", "user", "remove", "admin");
        var list = await host.CliAsync("admin", "user", "list", "--json");

        Assert.NotEqual(0, last.ExitCode);
        Assert.Contains("last account", last.StandardError);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(["alice"], JsonNode.Parse(list.StandardOutput)!.AsArray().Select(a => (string?)a!["name"]));
        using var admin = new RemoteAdmin(host);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.LoginAsync("admin", admin.InitialPassword(host))).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync("alice", "alice's long password")).Status);
    }
}
