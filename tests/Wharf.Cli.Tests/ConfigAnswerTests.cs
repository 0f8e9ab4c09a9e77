using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>How `wharf config` shows each class of answer from the admin API, and its exit code.</summary>
public sealed class ConfigAnswerTests
{
    private const string Commit = """
        {"version":8,"previousVersion":7,
         "changes":[{"path":"/sites/0/physicalPath","op":"replace","old":"wwwroot","new":"/srv/www"},
                    {"path":"/sites/1","op":"add","old":null,"new":{"name":"Two"}},
                    {"path":"/applicationPools/1","op":"remove","old":"x","new":null}],
         "applied":[{"service":"www","outcome":"applied","message":null},{"service":"admin","outcome":"unchanged","message":null}],
         "ok":true}
        """;

    private readonly CliRun _cli = new();

    private async Task<CliOutcome> Answered(FakeAnswer answer, params string[] args)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root, answer);
        return await _cli.Wharf([.. args, "--root", root.Path]);
    }

    [Fact]
    public async Task Show_prints_the_json_indented()
    {
        var run = await Answered(FakeAnswer.Json("""{"version":7,"sites":[{"name":"Café + Bar"}]}""", etag: 7), "config", "show");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal("""
            {
              "version": 7,
              "sites": [
                {
                  "name": "Café + Bar"
                }
              ]
            }

            """, run.Out);
    }

    [Fact]
    public async Task Show_json_prints_the_answer_as_received()
    {
        var run = await Answered(FakeAnswer.Json("""{"version":7,"sites":[]}"""), "config", "show", "--json");
        Assert.Equal(["""{"version":7,"sites":[]}"""], run.OutLines);
    }

    [Fact]
    public async Task Set_prints_each_change_old_to_new_and_each_service()
    {
        var run = await Answered(FakeAnswer.Json(Commit), "config", "set", "/sites/0/physicalPath", "/srv/www");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version 8: /sites/0/physicalPath: \"wwwroot\" → \"/srv/www\"",
            "version 8: /sites/1: (absent) → {\"name\":\"Two\"}",
            "version 8: /applicationPools/1: \"x\" → (removed)",
            "www:    applied",
            "admin:  unchanged",
        ], run.OutLines);
        Assert.Empty(run.Err);
    }

    [Fact]
    public async Task Set_exits_1_when_a_service_failed_to_apply_and_says_the_version_stays()
    {
        var failed = """
            {"version":8,"previousVersion":7,"changes":[{"path":"/services/smtp/port","op":"replace","old":25,"new":26}],
             "applied":[{"service":"smtp","outcome":"failed","message":"port 26 is in use"}],"ok":false}
            """;
        var run = await Answered(FakeAnswer.Json(failed), "config", "set", "/services/smtp/port", "26");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal(["version 8: /services/smtp/port: 25 → 26", "smtp:  failed  port 26 is in use"], run.OutLines);
        Assert.Contains("version 8 is committed and stays, but smtp could not apply it", run.Err);
        Assert.Contains("wharf config rollback 7", run.Err);
    }

    [Fact]
    public async Task Set_json_prints_the_answer_and_still_exits_1_when_not_ok()
    {
        var failed = """{"version":8,"previousVersion":7,"changes":[],"applied":[{"service":"smtp","outcome":"failed","message":"x"}],"ok":false}""";
        var run = await Answered(FakeAnswer.Json(failed), "config", "set", "/a", "1", "--json");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal([failed], run.OutLines);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_says_so()
    {
        var run = await Answered(FakeAnswer.Json("""{"version":7,"previousVersion":7,"changes":[],"applied":[],"ok":true,"message":"no change: the configuration already says that"}"""), "config", "set", "/a", "1");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(["no change: the configuration already says that (version 7)"], run.OutLines);
        Assert.Empty(run.Err);
    }

    [Fact]
    public async Task A_commit_the_supervisor_could_not_apply_exits_1_with_its_message()
    {
        var body = """{"version":8,"previousVersion":7,"changes":[{"path":"/a","op":"replace","old":1,"new":2}],"applied":[],"ok":false,"message":"the supervisor is not answering"}""";
        var run = await Answered(FakeAnswer.Json(body), "config", "set", "/a", "2");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal(["version 8: /a: 1 → 2"], run.OutLines);
        Assert.Equal(
            ["version 8 is committed and stays, but it was not applied: the supervisor is not answering; `wharf reset` applies it to every service, or go back with `wharf config rollback 7`"],
            run.ErrLines);
    }

    [Fact]
    public async Task Forbidden_exits_77_with_the_message_and_the_hint()
    {
        var run = await Answered(FakeAnswer.Error(403, "access denied: user id 1000 may not administer Wharf"), "config", "show");
        Assert.Equal(ExitCodes.AccessDenied, run.Code);
        Assert.Equal(
            ["access denied: user id 1000 may not administer Wharf. Run the command as root, as the user Wharf runs as, or as a member of the 'wharf-admins' group."],
            run.ErrLines);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Forbidden_is_not_explained_twice_when_the_api_already_gives_the_hint()
    {
        const string message = "access denied: user id 1000 may not administer Wharf. Run the command as root, as the user Wharf runs as (uid 0), or as a member of the 'wharf-admins' group.";
        var run = await Answered(FakeAnswer.Error(403, message), "config", "history");
        Assert.Equal(ExitCodes.AccessDenied, run.Code);
        Assert.Equal([message], run.ErrLines);
    }

    [Theory]
    [InlineData(404, "no such path: /sites/9", 1)]
    [InlineData(409, "a backup named nightly exists already", 1)]
    [InlineData(400, "malformed path: segment 'x' of /sites/x is not an index", 64)]
    [InlineData(503, "the store is read-only", 1)]
    [InlineData(500, "something broke", 1)]
    public async Task An_error_prints_the_api_message_and_exits_by_its_status(int status, string message, int code)
    {
        var run = await Answered(FakeAnswer.Error(status, message), "config", "show", "/sites/9");
        Assert.Equal(code, run.Code);
        Assert.Equal([message], run.ErrLines);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Conflict_exits_75_naming_the_current_version()
    {
        var run = await Answered(FakeAnswer.Error(412, "version 7 is not current", ""","currentVersion":9"""),
            "config", "set", "/a", "1", "--if-match", "7");
        Assert.Equal(75, run.Code);
        Assert.Equal(
            ["someone else changed the configuration since version 7: it is now version 9 (`wharf config diff 7 9` shows what changed); nothing was changed"],
            run.ErrLines);
    }

    [Fact]
    public async Task Invalid_exits_2_with_every_error_as_path_and_message()
    {
        var run = await Answered(FakeAnswer.Error(422, "the configuration is invalid",
            ""","errors":[{"path":"/sites/0/bindings/0/port","message":"70000 is not a port (1-65535)"},{"path":"","message":"two sites share a binding"}]"""),
            "config", "set", "/sites/0/bindings/0/port", "70000");
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal(
        [
            "the configuration is invalid:",
            "/sites/0/bindings/0/port: 70000 is not a port (1-65535)",
            "/: two sites share a binding",
        ], run.ErrLines);
    }

    [Fact]
    public async Task An_error_with_json_prints_the_error_document_on_stdout_too()
    {
        var run = await Answered(FakeAnswer.Error(404, "no version 3 in history"), "config", "rollback", "3", "--json");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal(["""{"error":"no version 3 in history"}"""], run.OutLines);
        Assert.Equal(["no version 3 in history"], run.ErrLines);
    }

    [Fact]
    public async Task An_error_that_is_not_json_names_the_status()
    {
        var run = await Answered(new FakeAnswer(502, "Bad Gateway\nmore"), "config", "status");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal(["the admin service answered 502: Bad Gateway"], run.ErrLines);
    }

    [Fact]
    public async Task A_success_that_is_not_json_exits_1()
    {
        var run = await Answered(new FakeAnswer(200, "<html>"), "config", "history");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Contains("does not understand", run.Err);
    }

    [Fact]
    public async Task No_socket_exits_69_and_says_how_to_start_it()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("config", "show", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.Equal(
            [$"the admin service is not running for data root {root.Path} (no one answers on run/admin.sock); start Wharf with `wharf serve`, or `wharf service start admin`"],
            run.ErrLines);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_exits_69()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Data.RunFolder);
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(root.Data.AdminSocket));
        var run = await _cli.Wharf("config", "set", "/a", "1", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.Contains("the admin service is not running", run.Err);
    }

    [Fact]
    public async Task A_data_root_too_deep_for_the_socket_exits_64()
    {
        var run = await _cli.Wharf("config", "status", "--root", "/tmp/" + new string('d', 120));
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("too deep", run.Err);
    }

    [Fact]
    public async Task Rollback_and_restore_print_the_commit()
    {
        var rollback = await Answered(FakeAnswer.Json(Commit), "config", "rollback", "6");
        var restore = await Answered(FakeAnswer.Json(Commit), "config", "restore", "nightly");
        Assert.Equal(ExitCodes.Ok, rollback.Code);
        Assert.Equal(rollback.OutLines, restore.OutLines);
        Assert.StartsWith("version 8: /sites/0/physicalPath: ", rollback.OutLines[0]);
    }

    [Fact]
    public async Task Backup_says_which_version_it_keeps()
    {
        var run = await Answered(new FakeAnswer(201, """{"name":"nightly","version":7,"time":"2026-11-30T02:31:07Z"}"""), "config", "backup", "nightly");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(["backup nightly: version 7"], run.OutLines);
    }
}
