using System.Text.Json.Nodes;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>
/// `wharf config edit` with $EDITOR a small shell script that rewrites the file it is given
/// (or leaves it), against the fake admin API.
/// </summary>
public sealed class ConfigEditTests : IDisposable
{
    private const string Commit = """
        {"version":8,"previousVersion":7,"changes":[{"path":"/sites/0/physicalPath","op":"replace","old":"wwwroot","new":"/srv/www"}],
         "applied":[{"service":"www","outcome":"applied","message":null}],"ok":true}
        """;

    private readonly CliRun _cli = new();
    private readonly TempRoot _root = new();
    private readonly string _current = ConfigWriter.Serialize(DefaultConfig.Create());

    public ConfigEditTests()
    {
        _cli.Environment["VISUAL"] = null;
        _cli.Environment["TMPDIR"] = _root.Path;
    }

    public void Dispose() => _root.Dispose();

    private string Edited
    {
        get
        {
            var document = JsonNode.Parse(_current)!;
            document["sites"]![0]!["physicalPath"] = "/srv/www";
            return document.ToJsonString();
        }
    }

    /// <summary>An editor that replaces the file with these contents, in order, one per run.</summary>
    private void EditorWrites(params string[] contents)
    {
        var lines = new List<string> { "#!/bin/sh", $"stat -c %a \"$1\" > '{_root.Path}/mode'", $"n=$(cat '{_root.Path}/runs' 2>/dev/null || echo 0)", $"echo $((n + 1)) > '{_root.Path}/runs'" };
        for (var i = 0; i < contents.Length; i++)
        {
            File.WriteAllText(Path.Combine(_root.Path, $"content{i}"), contents[i]);
            lines.Add($"[ \"$n\" = {i} ] && cat '{_root.Path}/content{i}' > \"$1\"");
        }
        lines.Add("exit 0");
        _cli.Environment["EDITOR"] = Script("editor.sh", lines);
    }

    private string Script(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_root.Path, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private int EditorRuns => File.Exists(Path.Combine(_root.Path, "runs")) ? int.Parse(File.ReadAllText(Path.Combine(_root.Path, "runs")).Trim()) : 0;

    private string[] LeftInTemp => Directory.GetFiles(_root.Path, "wharf-config-*.json");

    private Task<CliOutcome> Edit(params string[] extra) => _cli.Wharf(["config", "edit", "--root", _root.Path, .. extra]);

    [Fact]
    public async Task A_valid_edit_is_put_whole_with_if_match_of_the_version_read()
    {
        EditorWrites(Edited);
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7), FakeAnswer.Json(Commit));

        var run = await Edit();

        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(("GET", "/api/config"), (api.Requests[0].Method, api.Requests[0].Target));
        var put = api.Requests[1];
        Assert.Equal(("PUT", "/api/config", "\"7\""), (put.Method, put.Target, put.IfMatch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Edited), JsonNode.Parse(put.Body)), put.Body);
        Assert.Equal(["version 8: /sites/0/physicalPath: \"wwwroot\" → \"/srv/www\"", "www:  applied"], run.OutLines);
        Assert.Equal("600", File.ReadAllText(Path.Combine(_root.Path, "mode")).Trim());
        Assert.Empty(LeftInTemp);
    }

    [Fact]
    public async Task Without_an_etag_the_documents_own_version_is_the_if_match()
    {
        EditorWrites(Edited);
        var atVersion5 = JsonNode.Parse(_current)!;
        atVersion5["version"] = 5;
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(atVersion5.ToJsonString()), FakeAnswer.Json(Commit));

        var run = await Edit();

        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("\"5\"", api.Requests[1].IfMatch);
    }

    [Fact]
    public async Task The_editor_gets_the_document_indented()
    {
        _cli.Environment["EDITOR"] = Script("copy.sh", ["#!/bin/sh", $"cp \"$1\" '{_root.Path}/seen'"]);
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json("""{"version":7,"sites":[]}""", etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal("{\n  \"version\": 7,\n  \"sites\": []\n}\n", File.ReadAllText(Path.Combine(_root.Path, "seen")));
    }

    [Fact]
    public async Task Unchanged_text_is_no_change_and_sends_nothing()
    {
        _cli.Environment["EDITOR"] = "true";
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(["no change"], run.OutLines);
        Assert.Single(api.Requests);
        Assert.Empty(LeftInTemp);
    }

    [Fact]
    public async Task An_invalid_edit_prints_every_error_sends_nothing_and_keeps_the_file()
    {
        const string invalid = """{ "frobnicate": 1, "alsoUnknown": true }""";
        EditorWrites(invalid);
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Single(api.Requests);
        foreach (var error in ConfigReader.Parse(invalid).Errors) Assert.Contains(error.ToString(), run.ErrLines);
        var kept = Assert.Single(LeftInTemp);
        Assert.Equal(invalid, File.ReadAllText(kept));
        Assert.Contains($"Your edit is kept in {kept}.", run.Err);
        Assert.DoesNotContain("Edit again?", run.Err);
    }

    [Fact]
    public async Task At_a_terminal_an_invalid_edit_asks_to_edit_again_and_sends_the_fixed_one()
    {
        EditorWrites("{ \"sites\": 1 }", Edited);
        _cli.InputIsTerminal = true;
        _cli.In = new StringReader("\n");
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7), FakeAnswer.Json(Commit));

        var run = await Edit();

        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(2, EditorRuns);
        Assert.Equal(["handed", "taken back", "handed", "taken back"], _cli.Terminal);
        Assert.Contains("Edit again? [Y/n] ", run.Err);
        Assert.Equal(2, api.Requests.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Edited), JsonNode.Parse(api.Requests[1].Body)));
    }

    [Fact]
    public async Task At_a_terminal_answering_no_exits_2_and_keeps_the_file()
    {
        EditorWrites("{ \"sites\": 1 }");
        _cli.InputIsTerminal = true;
        _cli.In = new StringReader("n\n");
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal(1, EditorRuns);
        Assert.Single(LeftInTemp);
    }

    [Fact]
    public async Task A_change_meanwhile_exits_75_and_keeps_the_file()
    {
        EditorWrites(Edited);
        await using var api = new FakeAdminApi(_root,
            FakeAnswer.Json(_current, etag: 7),
            FakeAnswer.Error(412, "version 7 is not current", ""","currentVersion":9"""));

        var run = await Edit();

        Assert.Equal(75, run.Code);
        var kept = Assert.Single(LeftInTemp);
        Assert.Contains("someone else changed the configuration since you read version 7 (it is now version 9)", run.Err);
        Assert.Contains("wharf config diff 7 9", run.Err);
        Assert.Contains($"Your edit is kept in {kept}.", run.Err);
        Assert.Equal(Edited, File.ReadAllText(kept));
    }

    [Fact]
    public async Task The_api_refusing_the_edit_prints_its_errors_and_keeps_the_file()
    {
        EditorWrites(Edited);
        await using var api = new FakeAdminApi(_root,
            FakeAnswer.Json(_current, etag: 7),
            FakeAnswer.Error(422, "the configuration is invalid", ""","errors":[{"path":"/sites/0/physicalPath","message":"/srv/www does not exist"}]"""));

        var run = await Edit();

        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Contains("/sites/0/physicalPath: /srv/www does not exist", run.ErrLines);
        Assert.Single(LeftInTemp);
    }

    [Fact]
    public async Task An_editor_with_arguments_runs_through_the_shell()
    {
        var script = Script("args.sh", ["#!/bin/sh", $"echo \"$@\" > '{_root.Path}/args'"]);
        _cli.Environment["EDITOR"] = $"{script} --wait -n";
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.Ok, run.Code);
        var args = File.ReadAllText(Path.Combine(_root.Path, "args")).Trim();
        Assert.Matches($"^--wait -n {_root.Path}/wharf-config-v7-[a-z0-9]+\\.json$", args);
    }

    [Fact]
    public async Task Visual_wins_over_editor()
    {
        _cli.Environment["VISUAL"] = "true";
        _cli.Environment["EDITOR"] = "false";
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));
        Assert.Equal(ExitCodes.Ok, (await Edit()).Code);
    }

    [Fact]
    public async Task An_editor_that_fails_changes_nothing_and_exits_1()
    {
        _cli.Environment["EDITOR"] = "false";
        await using var api = new FakeAdminApi(_root, FakeAnswer.Json(_current, etag: 7));

        var run = await Edit();

        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Contains("the editor `false` ended with exit code 1; nothing was changed", run.Err);
        Assert.Single(api.Requests);
        Assert.Empty(LeftInTemp);
    }

    [Fact]
    public async Task Without_the_admin_service_no_editor_is_started()
    {
        EditorWrites(Edited);
        var run = await Edit();
        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.Equal(0, EditorRuns);
    }
}
