using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>The request each `wharf config` command sends to the admin API.</summary>
public sealed class ConfigRequestTests
{
    private const string Commit = """{"version":8,"previousVersion":7,"changes":[],"applied":[],"ok":true}""";

    private readonly CliRun _cli = new();

    private async Task<AdminExchange> Sent(FakeAnswer answer, params string[] args)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root, answer);
        var run = await _cli.Wharf([.. args, "--root", root.Path]);
        Assert.True(run.Code == ExitCodes.Ok, $"exit {run.Code}: {run.Err}");
        return api.Single;
    }

    [Fact]
    public async Task Show_gets_the_whole_configuration()
    {
        var sent = await Sent(FakeAnswer.Json("{}"), "config", "show");
        Assert.Equal(("GET", "/api/config"), (sent.Method, sent.Target));
        Assert.Equal("wharf", sent.Headers["host"]);
    }

    [Fact]
    public async Task Show_passes_a_path_as_given_url_encoded()
    {
        var sent = await Sent(FakeAnswer.Json("\"wwwroot\""), "config", "show", "sites.Default Web Site.physicalPath");
        Assert.Equal("/api/config?path=sites.Default%20Web%20Site.physicalPath", sent.Target);
        Assert.Equal("sites.Default Web Site.physicalPath", Uri.UnescapeDataString(sent.Query["path=".Length..]));
    }

    [Fact]
    public async Task Show_passes_a_json_pointer_with_its_slashes_encoded()
    {
        var sent = await Sent(FakeAnswer.Json("80"), "config", "show", "/sites/0/bindings/0/port");
        Assert.Equal("/api/config?path=%2Fsites%2F0%2Fbindings%2F0%2Fport", sent.Target);
    }

    [Theory]
    [InlineData("80", "80")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("\"80\"", "\"80\"")]
    [InlineData("{\"port\": 81}", "{\"port\": 81}")]
    [InlineData("/srv/www", "\"/srv/www\"")]
    [InlineData("Default Web Site", "\"Default Web Site\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("", "\"\"")]
    public async Task Set_puts_the_value_as_json_when_it_is_json_else_as_a_string(string value, string body)
    {
        var sent = await Sent(FakeAnswer.Json(Commit), "config", "set", "/sites/0/physicalPath", value);
        Assert.Equal(("PUT", "/api/config?path=%2Fsites%2F0%2FphysicalPath"), (sent.Method, sent.Target));
        Assert.Equal(body, sent.Body);
        Assert.StartsWith("application/json", sent.Headers["content-type"]);
        Assert.Null(sent.IfMatch);
    }

    [Fact]
    public async Task Set_sends_if_match_when_asked()
    {
        var sent = await Sent(FakeAnswer.Json(Commit), "config", "set", "sites.Default Web Site.physicalPath", "/srv/www", "--if-match", "7");
        Assert.Equal("\"7\"", sent.IfMatch);
        Assert.Equal("/api/config?path=sites.Default%20Web%20Site.physicalPath", sent.Target);
    }

    [Fact]
    public async Task Remove_deletes_the_path()
    {
        var sent = await Sent(FakeAnswer.Json(Commit), "config", "remove", "/sites/1", "--if-match", "3");
        Assert.Equal(("DELETE", "/api/config?path=%2Fsites%2F1", "\"3\"", ""), (sent.Method, sent.Target, sent.IfMatch, sent.Body));
    }

    [Fact]
    public async Task Status_history_and_backups_get_their_endpoints()
    {
        Assert.Equal("GET /api/config/status", Line(await Sent(FakeAnswer.Json("{}"), "config", "status")));
        Assert.Equal("GET /api/config/history", Line(await Sent(FakeAnswer.Json("[]"), "config", "history")));
        Assert.Equal("GET /api/config/backups", Line(await Sent(FakeAnswer.Json("[]"), "config", "backups")));
    }

    [Fact]
    public async Task Diff_asks_from_one_version_to_another_or_to_the_current()
    {
        Assert.Equal("GET /api/config/diff?from=5", Line(await Sent(FakeAnswer.Json("[]"), "config", "diff", "5")));
        Assert.Equal("GET /api/config/diff?from=5&to=8", Line(await Sent(FakeAnswer.Json("[]"), "config", "diff", "5", "8")));
    }

    [Fact]
    public async Task Rollback_posts_the_version()
    {
        var sent = await Sent(FakeAnswer.Json(Commit), "config", "rollback", "6", "--if-match", "8");
        Assert.Equal(("POST /api/config/rollback", """{"version":6}""", "\"8\""), (Line(sent), sent.Body, sent.IfMatch));
    }

    [Fact]
    public async Task Backup_posts_the_name()
    {
        var sent = await Sent(new FakeAnswer(201, """{"name":"before upgrade","version":7}"""), "config", "backup", "before upgrade");
        Assert.Equal(("POST /api/config/backups", """{"name":"before upgrade"}"""), (Line(sent), sent.Body));
    }

    [Fact]
    public async Task Restore_posts_to_the_backup_named_url_encoded()
    {
        var sent = await Sent(FakeAnswer.Json(Commit), "config", "restore", "before upgrade");
        Assert.Equal(("POST /api/config/backups/before%20upgrade/restore", "", null), (Line(sent), sent.Body, sent.IfMatch));
    }

    [Theory]
    [InlineData("config diff five")]
    [InlineData("config rollback")]
    [InlineData("config set /a")]
    [InlineData("config set /a 1 --if-match soon")]
    public async Task A_wrong_command_line_sends_nothing_and_exits_64(string line)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root);
        var run = await _cli.Wharf([.. line.Split(' '), "--root", root.Path]);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Empty(api.Requests);
    }

    private static string Line(AdminExchange sent) => $"{sent.Method} {sent.Target}";
}
