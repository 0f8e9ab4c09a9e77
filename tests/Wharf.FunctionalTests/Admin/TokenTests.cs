using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>API tokens for scripts: made by the CLI, shown once, stored hashed, a role each, revocable.</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task A_read_token_reads_the_configuration_but_is_refused_a_change_and_a_revoked_token_is_refused()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);

        var add = await host.CliAsync("admin", "token", "add", "scraper", "--role", "read");
        Assert.True(add.ExitCode == 0, add.ToString());
        var token = add.StandardOutput.Trim();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.DoesNotContain(token, File.ReadAllText(Path.Combine(host.Root, "state", "admin", "tokens.json")));

        var read = await admin.SendAsync(HttpMethod.Get, "/api/config", bearer: token);
        var change = await admin.SendAsync(HttpMethod.Put, "/api/config?path=/sites/0/physicalPath", "\"elsewhere\"", bearer: token);
        var accounts = await admin.SendAsync(HttpMethod.Get, "/api/admin/users", bearer: token);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.Forbidden, change.Status);
        Assert.Contains("read role", (string?)change.Json!["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, accounts.Status);
        Assert.Equal("wwwroot", (string?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["sites"]![0]!["physicalPath"]);

        var remove = await host.CliAsync("admin", "token", "remove", "scraper");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        var revoked = await admin.SendAsync(HttpMethod.Get, "/api/config", bearer: token);
        Assert.Equal((HttpStatusCode.Unauthorized, "unknown or revoked token"), (revoked.Status, (string?)revoked.Json!["error"]));
    }

    [Fact]
    public async Task An_admin_token_changes_the_configuration_and_the_audit_line_names_the_token()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var token = (await host.CliAsync("admin", "token", "add", "deploy", "--role", "admin")).StandardOutput.Trim();

        var change = await admin.SendAsync(HttpMethod.Put, "/api/config?path=/maxHistoryFiles", "20", bearer: token);

        Assert.True(change.Status == HttpStatusCode.OK, change.ToString());
        var last = JsonNode.Parse(File.ReadAllLines(Path.Combine(host.Root, "logs", "audit.log")).Last())!;
        Assert.Equal(("set", "token:deploy"), ((string?)last["action"], (string?)last["user"]));
    }

    [Fact]
    public async Task Tokens_survive_a_restart_of_the_admin_service()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var token = (await host.CliAsync("admin", "token", "add", "scraper", "--role", "read")).StandardOutput.Trim();

        var restart = await host.CliAsync("service", "restart", "admin");

        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/api/config/status", bearer: token)).Status);
    }
}
