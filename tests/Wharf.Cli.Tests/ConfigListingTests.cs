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
    public async Task History_is_a_table_with_aligned_columns_and_the_current_version_marked()
    {
        var run = await Answered("""
            [
              {"version":12,"savedAt":"2026-11-30T02:31:07.5120000+00:00","bytes":1834,"current":true},
              {"version":9,"savedAt":"2026-11-29T10:00:00.0000000+00:00","bytes":920,"current":false}
            ]
            """, "config", "history");
        Assert.Equal(ExitCodes.Ok, run.Code);
        var first = JsonCells.Time("2026-11-30T02:31:07.5120000+00:00");
        var second = JsonCells.Time("2026-11-29T10:00:00.0000000+00:00");
        Assert.Equal(
        [
            "VERSION  SAVED AT             BYTES  CURRENT",
            $"12       {first}  1834   yes",
            $"9        {second}  920",
        ], run.OutLines);
    }

    [Fact]
    public async Task A_list_wrapped_in_an_object_and_lists_in_cells_are_shown_too()
    {
        var run = await Answered("""
            {"versions":[{"version":3,"user":"alice","changes":["/sites/0","/applicationPools/1"]},{"version":2,"user":"root","changes":[{"path":"/a"}]}]}
            """, "config", "history");
        Assert.Equal(
        [
            "VERSION  USER   CHANGES",
            "3        alice  /sites/0, /applicationPools/1",
            "2        root   /a",
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
    public async Task Backups_are_a_table_and_a_missing_field_is_a_dash()
    {
        var run = await Answered("""
            [{"name":"nightly","version":7,"createdAt":"2026-11-30T02:31:07.0000000+00:00","bytes":1800},
             {"name":"before upgrade","version":12,"createdAt":null,"bytes":1834}]
            """, "config", "backups");
        var time = JsonCells.Time("2026-11-30T02:31:07.0000000+00:00");
        Assert.Equal(
        [
            "NAME            VERSION  CREATED AT           BYTES",
            $"nightly         7        {time}  1800",
            "before upgrade  12       -                    1834",
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
        var run = await Answered("""{"from":5,"to":8,"changes":[]}""", "config", "diff", "5");
        Assert.Equal(["no differences between version 5 and version 8"], run.OutLines);
    }

    [Fact]
    public async Task Status_shows_version_file_running_fallback_and_hand_edit()
    {
        var run = await Answered("""
            {"version":8,
             "file":{"path":"/srv/w/config/wharf.json","valid":true,"version":8,"errors":[]},
             "history":{"newest":8,"newestValid":8},
             "running":{"version":8,"note":null,"services":[{"name":"www","state":"Running"},{"name":"admin","state":"Running"}]},
             "lastHandEdit":{"time":"2026-11-30T02:31:07.0000000+00:00","outcome":"adopted","version":8,"errors":[]}}
            """, "config", "status");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version         8",
            "file            valid: /srv/w/config/wharf.json (version 8)",
            "history         newest version 8",
            "running         version 8 (www Running, admin Running)",
            "fallback        none",
            $"last hand edit  {JsonCells.Time("2026-11-30T02:31:07.0000000+00:00")} adopted as version 8",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_shows_a_committed_version_that_is_not_running_beside_the_running_one_with_a_warning_first_below()
    {
        var run = await Answered("""
            {"version":9,"committed":9,
             "file":{"path":"/srv/w/config/wharf.json","valid":true,"version":9,"errors":[]},
             "history":{"newest":9,"newestValid":9},
             "running":{"version":8,"note":null,"services":[]},
             "warning":"version 9 is committed but the host runs on version 8; the admin service applies it when it starts, or run `wharf reset`",
             "lastHandEdit":null}
            """, "config", "status");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version         9",
            "committed       version 9",
            "file            valid: /srv/w/config/wharf.json (version 9)",
            "history         newest version 9",
            "running         version 8",
            "fallback        none",
            "last hand edit  none since the admin service started",
            "WARNING: version 9 is committed but the host runs on version 8; the admin service applies it when it starts, or run `wharf reset`",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_has_no_warning_line_when_the_committed_version_runs()
    {
        var run = await Answered("""{"version":9,"committed":9,"running":{"version":9,"note":null,"services":[]},"warning":null}""", "config", "status");
        Assert.Equal(["version    9", "committed  version 9", "running    version 9", "fallback   none"], run.OutLines);
    }

    [Fact]
    public async Task Status_lists_every_error_of_an_invalid_file_and_the_fallback_note()
    {
        var run = await Answered("""
            {"version":7,
             "file":{"path":"/srv/w/config/wharf.json","valid":false,"version":null,"errors":[
               {"path":"/sites/0/bindings/0/port","message":"70000 is not a port (1-65535)"},{"path":"","message":"not valid JSON at line 3"}]},
             "history":{"newest":8,"newestValid":7},
             "running":{"version":7,"note":"wharf.json is invalid; running on version 7 from history until it is fixed","services":[]},
             "lastHandEdit":{"time":"2026-11-30T02:31:07.0000000+00:00","outcome":"invalid","version":null,"errors":[
               {"path":"/sites/0/bindings/0/port","message":"70000 is not a port (1-65535)"},{"path":"","message":"not valid JSON at line 3"}]}}
            """, "config", "status");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(
        [
            "version         7",
            "file            invalid: /srv/w/config/wharf.json (2 errors, below)",
            "history         newest version 8, newest valid 7",
            "running         version 7",
            "fallback        wharf.json is invalid; running on version 7 from history until it is fixed",
            $"last hand edit  {JsonCells.Time("2026-11-30T02:31:07.0000000+00:00")} invalid",
            "the file's errors (the running configuration stays until they are fixed):",
            "  /sites/0/bindings/0/port: 70000 is not a port (1-65535)",
            "  /: not valid JSON at line 3",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_says_when_the_supervisor_could_not_be_asked()
    {
        var run = await Answered("""{"version":3,"running":{"error":"Wharf is not running"},"lastHandEdit":null}""", "config", "status");
        Assert.Equal(
        [
            "version         3",
            "running         unknown: Wharf is not running",
            "last hand edit  none since the admin service started",
        ], run.OutLines);
    }

    [Fact]
    public async Task Status_shows_a_field_it_does_not_know_by_its_name()
    {
        var run = await Answered("""{"version":3,"readOnly":true,"storePath":"/var/lib/wharf/config/wharf.json"}""", "config", "status");
        Assert.Equal(["version     3", "read only   yes", "store path  /var/lib/wharf/config/wharf.json"], run.OutLines);
    }
}
