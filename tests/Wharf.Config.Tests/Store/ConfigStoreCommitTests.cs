using System.Text.Json.Nodes;
using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigStoreCommitTests
{
    [Fact]
    public void A_commit_writes_the_file_its_history_copy_and_an_audit_line()
    {
        using var s = new StoreRoot();

        var committed = Is<CommitResult.Committed>(s.Set("sites.Intranet.physicalPath", "/srv/intranet", ifMatch: 1));

        Assert.Equal(1, committed.Previous!.Version);
        Assert.Equal(2, committed.Now.Version);
        Assert.Equal("/srv/intranet", committed.Now.Config.Sites[1].PhysicalPath);
        var change = Assert.Single(committed.Changes);
        Assert.Equal(("/sites/1/physicalPath", "replace", "intranet", "/srv/intranet"),
            (change.Path, change.Op, (string?)change.Old, (string?)change.New));

        Assert.Equal(committed.Now.Text, s.ConfigText);
        Assert.Equal(s.ConfigText, File.ReadAllText(s.Root.HistoryFile(2)));
        Assert.Equal([2], s.HistoryVersions);
        Assert.Equal(2, s.Store.Current()!.Version);

        Assert.Equal(
            """{"time":"2026-11-30T02:31:07.512Z","user":"alice","uid":1000,"pid":4242,"action":"set","version":2,"previousVersion":1,"changes":["/sites/1/physicalPath"],"detail":"PUT /api/config?path=sites.Intranet.physicalPath"}""",
            Assert.Single(s.AuditLines));
        Assert.Empty(Directory.GetFiles(s.Root.ConfigFolder, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_commit_keeps_the_users_own_shape()
    {
        using var s = new StoreRoot();

        var committed = Is<CommitResult.Committed>(s.Set("/sites/0/bindings/0/port", 8090));

        // Sparse stays sparse: defaults the user left out are not written in; $schema and the order of properties are kept.
        var expected = StoreRoot.Sample.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
            .Replace("8080", "8090", StringComparison.Ordinal);
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), JsonNode.Parse(s.ConfigText)!.ToJsonString());
        Assert.DoesNotContain("maxHistoryFiles", s.ConfigText);
        Assert.StartsWith("{\n  \"$schema\": \"wharf.schema.json\",\n  \"version\": 2,\n", s.ConfigText);
        Assert.EndsWith("}\n", s.ConfigText);
        Assert.Equal(10, committed.Now.Config.MaxHistoryFiles);
    }

    [Fact]
    public void A_file_without_a_version_gets_one_after_its_schema()
    {
        using var s = new StoreRoot("""{ "$schema": "wharf.schema.json", "sites": [], "applicationPools": [] }""");

        var committed = Is<CommitResult.Committed>(s.Set("/maxHistoryFiles", 5, ifMatch: 0));

        Assert.Equal(1, committed.Now.Version);
        Assert.Equal(["$schema", "version", "sites", "applicationPools", "maxHistoryFiles"],
            committed.Now.Document.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void If_Match_on_another_version_is_a_conflict_and_writes_nothing()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        var before = s.Files();

        var conflict = Is<CommitResult.Conflict>(s.Set("/sites/0/physicalPath", "b", ifMatch: 1));

        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void An_invalid_change_returns_every_error_and_leaves_the_files_untouched()
    {
        using var s = new StoreRoot();
        var before = s.Files();

        var invalid = Is<CommitResult.Invalid>(s.Store.Commit(doc =>
        {
            ConfigPath.Set(doc, "/sites/0/bindings/0/port", 70000);
            ConfigPath.Set(doc, "/maxHistoryFiles", 0);
            return doc;
        }, 1, Alice, AuditEntry.Set));

        Assert.Contains(invalid.Errors, e => e.Path == "/sites/0/bindings/0/port");
        Assert.Contains(invalid.Errors, e => e.Path == "/maxHistoryFiles");
        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void A_change_that_changes_nothing_commits_nothing()
    {
        using var s = new StoreRoot();
        var before = s.Files();

        var same = Is<CommitResult.NoChange>(s.Set("sites.Intranet.name", "Intranet"));

        Assert.Equal(1, same.Current.Version);
        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void A_bad_path_in_a_change_is_a_path_error_and_writes_nothing()
    {
        using var s = new StoreRoot();
        var before = s.Files();

        var error = Is<CommitResult.PathError>(s.Set("sites.Extranet.physicalPath", "x"));

        Assert.Equal(ConfigPathProblem.NotFound, error.Problem);
        Assert.Equal("no element of /sites is named 'Extranet'", error.Message);
        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void The_change_gets_a_copy_so_the_previous_snapshot_is_untouched()
    {
        using var s = new StoreRoot();

        var committed = Is<CommitResult.Committed>(s.Set("/sites/0/name", "Renamed"));

        Assert.Equal("Default Web Site", (string?)committed.Previous!.Document["sites"]![0]!["name"]);
        Assert.Equal("Renamed", (string?)committed.Now.Document["sites"]![0]!["name"]);
    }

    [Fact]
    public void Over_an_invalid_file_the_store_works_from_the_newest_valid_history_version_and_mends_the_file()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, "{ \"version\": 7, \"sites\": [ oops");

        var state = s.Store.ReadState();
        Assert.False(state.FileValid);
        Assert.Equal(2, state.Current!.Version);
        Assert.NotEmpty(state.FileErrors);

        // Even a change to what history already holds is written, so wharf.json is valid again.
        var committed = Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a", ifMatch: 2));
        Assert.Equal(3, committed.Now.Version);
        Assert.Empty(committed.Changes);
        Assert.True(s.Store.ReadState().FileValid);
    }

    [Fact]
    public void A_whole_document_can_be_committed_where_there_was_none()
    {
        using var s = new StoreRoot(config: null);
        Assert.Null(s.Store.Current());

        var committed = Is<CommitResult.Committed>(s.Store.Commit(
            _ => JsonNode.Parse(StoreRoot.Sample), ifMatch: 0, Alice, AuditEntry.Replace));

        Assert.Null(committed.Previous);
        Assert.Equal(1, committed.Now.Version);
        Assert.Contains(committed.Changes, c => c.Path == "/sites" && c.Op == ConfigChange.Add);
        Assert.Contains("\"previousVersion\":null", Assert.Single(s.AuditLines));
    }

    [Fact]
    public void A_change_that_returns_something_other_than_an_object_is_invalid()
    {
        using var s = new StoreRoot();

        Is<CommitResult.Invalid>(s.Store.Commit(_ => null, null, Alice, AuditEntry.Replace));
        Is<CommitResult.Invalid>(s.Store.Commit(_ => new JsonArray(), null, Alice, AuditEntry.Replace));
        Assert.Empty(s.HistoryVersions);
    }
}
