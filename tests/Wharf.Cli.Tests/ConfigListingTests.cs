using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>`wharf config history|backups|diff|status` rendered for people, and as received with --json.</summary>
public sealed class ConfigListingTests
{
    private readonly CliRun _cli = new();

    private async Task<CliOutcome> Answered(string body, params string[] args)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root, FakeAnswer.Json(body));
        return await _cli.Wharf([.. args, "--root", root.Path]);
    }

    [Fact]
    public async Task History_is_a_table_with_aligned_columns()
    {
        var run = await Answered("""
            {"versions":[
              {"version":12,"time":"2026-11-30T02:31:07.512Z","user":"alice","action":"set","changes":["/sites/0/physicalPath"]},
              {"version":9,"time":"2026-11-29T10:00:00Z","user":"root","action":"hand-edit","changes":["/sites/0","/applicationPools/1"]}
            ]}
            """, "config", "history");
        Assert.Equal(ExitCodes.Ok, run.Code);
        var first = JsonCells.Time("2026-11-30T02:31:07.512Z");
        var second = JsonCells.Time("2026-11-29T10:00:00Z");
        Assert.Equal(
        [
            "VERSION  TIME                 USER   ACTION     CHANGES",
            $"12       {first}  alice  set        /sites/0/physicalPath",
            $"9        {second}  root   hand-edit  /sites/0, /applicationPools/1",
        ], run.OutLines);
    }

    [Fact]
    public async Task History_json_prints_the_answer_as_received()
    {
        const string body = """[{"version":3,"time":"2026-11-30T02:31:07Z"}]""";
        var run = await Answered(body, "config", "history", "--json");
        Assert.Equal([body], run.OutLines);
    }

    [Fact]
    public async Task Backups_as_a_bare_list_and_a_missing_field_as_a_dash()
    {
        var run = await Answered("""[{"name":"nightly","version":7},{"name":"before upgrade","version":12,"note":"by hand"}]""", "config", "backups");
        Assert.Equal(
        [
            "NAME            VERSION  NOTE",
            "nightly         7        -",
            "before upgrade  12       by hand",
        ], run.OutLines);
    }

    [Fact]
    public async Task No_backups_says_how_to_make_one()
    {
        var run = await Answered("""{"backups":[]}""", "config", "backups");
        Assert.Equal(["no backups (make one with `wharf config backup NAME`)"], run.OutLines);
    }

    [Fact]
    public async Task Diff_marks_added_removed_and_changed_values()
    {
        var run = await Answered("""
            {"from":5,"to":8,"changes":[
              {"path":"/sites/0/physicalPath","op":"replace","old":"wwwroot","new":"/srv/www"},
              {"path":"/sites/1","op":"add","old":null,"new":{"name":"Two","id":2}},
              {"path":"/services/ftp/enabled","op":"remove","old":true,"new":null}
            ]}
            """, "config", "diff", "5", "8");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "~ /sites/0/physicalPath: \"wwwroot\" → \"/srv/www\"",
            "+ /sites/1: {\"name\":\"Two\",\"id\":2}",
            "- /services/ftp/enabled: true",
        ], run.OutLines);
    }

    [Fact]
    public async Task An_empty_diff_says_there_are_no_differences()
    {
        var run = await Answered("[]", "config", "diff", "5");
        Assert.Equal(["no differences between version 5 and the current version"], run.OutLines);
    }

    [Fact]
    public async Task Status_shows_version_file_running_fallback_and_hand_edit()
    {
        var run = await Answered("""
            {"version":8,"file":{"valid":true},"runningVersion":8,"fallback":null,
             "lastHandEdit":{"time":"2026-11-30T02:31:07Z","version":8,"outcome":"adopted"}}
            """, "config", "status");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version         8",
            "file            valid",
            "running         version 8",
            "fallback        none: the file was valid at start",
            $"last hand edit  time {JsonCells.Time("2026-11-30T02:31:07Z")}  version 8  outcome adopted",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_lists_every_error_of_an_invalid_file()
    {
        var run = await Answered("""
            {"version":8,"file":{"valid":false,"errors":[{"path":"/sites/0/bindings/0/port","message":"70000 is not a port (1-65535)"},{"path":"","message":"not valid JSON at line 3"}]},
             "runningVersion":8,"fallback":{"version":6,"reason":"the file was invalid at start"},"lastHandEdit":null}
            """, "config", "status");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version         8",
            "file            invalid (2 errors)",
            "running         version 8",
            "fallback        version 6  reason the file was invalid at start",
            "last hand edit  none",
            "the file's errors (the running configuration stays until it is fixed):",
            "  /sites/0/bindings/0/port: 70000 is not a port (1-65535)",
            "  /: not valid JSON at line 3",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_shows_a_field_it_does_not_know_by_its_name()
    {
        var run = await Answered("""{"version":3,"readOnly":true,"storePath":"/var/lib/wharf/config/wharf.json"}""", "config", "status");
        Assert.Equal(["version     3", "read only   yes", "store path  /var/lib/wharf/config/wharf.json"], run.OutLines);
    }
}
