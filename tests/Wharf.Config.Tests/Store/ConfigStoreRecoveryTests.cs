using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigStoreRecoveryTests
{
    private static string WithVersion(string text, long version) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\"version\": \\d+", $"\"version\": {version}");

    [Fact]
    public void At_start_a_hand_written_file_goes_into_history_as_is_and_an_edit_after_it_is_a_hand_edit()
    {
        using var s = new StoreRoot();
        var text = s.ConfigText;

        var kept = Is<CommitResult.Committed>(s.Store.KeepStartVersion(Alice));

        Assert.Equal(1, kept.Now.Version);
        Assert.Equal(text, s.ConfigText);
        Assert.Equal(text, File.ReadAllText(s.Root.HistoryFile(1)));
        Assert.Equal("recovered", s.Store.Audit.ReadRecent(1)[0].Action);
        Is<CommitResult.NoChange>(s.Store.KeepStartVersion(Alice));

        File.WriteAllText(s.Root.ConfigFile, text.Replace("\"wwwroot\"", "\"edited\"", StringComparison.Ordinal));
        Assert.Equal("hand-edit", Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Bob)).Action);
    }

    [Fact]
    public void At_start_an_edited_file_is_left_to_the_admin_services_check()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, s.ConfigText.Replace("\"a\"", "\"by-hand\"", StringComparison.Ordinal));
        var before = s.Files();

        Is<CommitResult.NoChange>(s.Store.KeepStartVersion(Alice));

        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void The_stores_own_commit_comes_back_as_no_change()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        var before = s.Files();

        Is<CommitResult.NoChange>(s.Store.AdoptFileOnDisk(Alice));

        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void A_hand_edit_that_keeps_the_version_becomes_the_newest_plus_one()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, s.ConfigText.Replace("\"a\"", "\"by-hand\"", StringComparison.Ordinal));

        var adopted = Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Bob));

        Assert.Equal((2L, 3L), (adopted.Previous!.Version, adopted.Now.Version));
        Assert.Equal(["/sites/0/physicalPath"], adopted.Changes.Select(c => c.Path));
        Assert.Contains("\"version\": 3", s.ConfigText);
        Assert.Equal(s.ConfigText, File.ReadAllText(s.Root.HistoryFile(3)));
        Assert.Equal("hand-edit", s.Store.Audit.ReadRecent(1)[0].Action);
    }

    [Fact]
    public void A_hand_edit_that_lowers_the_version_still_goes_past_the_newest()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "b"));
        File.WriteAllText(s.Root.ConfigFile, WithVersion(s.ConfigText, 1).Replace("\"b\"", "\"c\"", StringComparison.Ordinal));

        Assert.Equal(4, Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Bob)).Now.Version);
    }

    [Fact]
    public void A_file_copied_back_from_history_is_a_hand_edit_not_the_old_version()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "b"));
        File.Copy(s.Root.HistoryFile(2), s.Root.ConfigFile, overwrite: true);

        var adopted = Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Bob));

        Assert.Equal((3L, 4L), (adopted.Previous!.Version, adopted.Now.Version));
        Assert.Equal("a", adopted.Now.Config.Sites[0].PhysicalPath);
    }

    [Fact]
    public void An_edit_of_the_version_number_alone_gets_the_stores_number_back_and_commits_nothing()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        var committed = s.ConfigText;
        File.WriteAllText(s.Root.ConfigFile, WithVersion(committed, 1));

        Assert.Equal(2, Is<CommitResult.NoChange>(s.Store.AdoptFileOnDisk(Bob)).Current.Version);

        Assert.Equal(committed, s.ConfigText);
        Assert.Equal([2], s.HistoryVersions);
        Assert.Single(s.AuditLines);
    }

    [Fact]
    public void A_commit_cut_short_before_its_history_copy_is_recovered_at_its_version()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        // What a kill between the rename of wharf.json and the history copy leaves behind.
        var interrupted = WithVersion(s.ConfigText, 3).Replace("\"a\"", "\"b\"", StringComparison.Ordinal);
        ConfigWriter.WriteDurably(s.Root.ConfigFile, interrupted);

        var recovered = Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Alice));

        Assert.Equal((2L, 3L), (recovered.Previous!.Version, recovered.Now.Version));
        Assert.Equal(interrupted, s.ConfigText);
        Assert.Equal(interrupted, File.ReadAllText(s.Root.HistoryFile(3)));
        var audit = s.Store.Audit.ReadRecent(1)[0];
        Assert.Equal(("recovered", 3L, (long?)2), (audit.Action, audit.Version, audit.PreviousVersion));
        Is<CommitResult.NoChange>(s.Store.AdoptFileOnDisk(Alice));
    }

    [Fact]
    public void A_write_cut_short_before_its_rename_leaves_the_old_file_in_force()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        // What a kill inside ConfigWriter.WriteDurably, before the rename, leaves behind.
        File.WriteAllText(s.Root.ConfigFile + ".tmp-99999", "{ \"version\": 3, \"sit");
        File.WriteAllText(s.Root.HistoryFile(3) + ".tmp-99999", "{ \"version\": 3, \"sit");

        Assert.Equal(2, s.Store.Current()!.Version);
        Assert.Equal([2], s.HistoryVersions);
        Is<CommitResult.NoChange>(s.Store.AdoptFileOnDisk(Alice));
        Assert.Equal(3, Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "b")).Now.Version);
    }

    [Fact]
    public void A_first_file_with_no_history_is_taken_as_it_is()
    {
        using var s = new StoreRoot();

        var recovered = Is<CommitResult.Committed>(s.Store.AdoptFileOnDisk(Alice));

        Assert.Null(recovered.Previous);
        Assert.Equal(1, recovered.Now.Version);
        Assert.Equal(StoreRoot.Sample, File.ReadAllText(s.Root.HistoryFile(1)));
    }

    [Fact]
    public void An_invalid_file_is_reported_and_nothing_is_written()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, s.ConfigText.Replace("8080", "70000", StringComparison.Ordinal));
        var before = s.Files();

        var invalid = Is<CommitResult.Invalid>(s.Store.AdoptFileOnDisk(Alice));

        Assert.Equal("/sites/0/bindings/0/port", Assert.Single(invalid.Errors).Path);
        Assert.Equal(before, s.Files());
    }

    [Fact]
    public void Start_takes_a_valid_file()
    {
        using var s = new StoreRoot();

        var start = ConfigStore.LoadForStart(s.Root);

        Assert.Equal((1L, s.Root.ConfigFile, false), (start.Version, start.SourcePath, start.FellBack));
        Assert.Equal(StoreRoot.Sample, start.Text);
        Assert.Empty(start.FileErrors);
    }

    [Fact]
    public void Start_falls_back_to_the_newest_valid_history_version_and_keeps_the_files_errors()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "b"));
        File.WriteAllText(s.Root.HistoryFile(3), "damaged");
        File.WriteAllText(s.Root.ConfigFile, "{ \"sites\": 5 }");

        var start = ConfigStore.LoadForStart(s.Root);

        Assert.True(start.FellBack);
        Assert.Equal((2L, s.Root.HistoryFile(2)), (start.Version, start.SourcePath));
        Assert.Equal("a", start.Config!.Sites[0].PhysicalPath);
        Assert.Contains(start.FileErrors, e => e.Path == "/sites");
    }

    [Fact]
    public void Start_with_nothing_valid_gives_the_files_errors()
    {
        using var s = new StoreRoot("{ not json");

        var start = ConfigStore.LoadForStart(s.Root);

        Assert.Null(start.Config);
        Assert.False(start.FellBack);
        Assert.NotEmpty(start.FileErrors);
    }

    [Fact]
    public void Status_tells_the_files_state_from_the_configuration_in_force()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, WithVersion(s.ConfigText, 9).Replace("8080", "70000", StringComparison.Ordinal));

        var state = s.Store.ReadState();

        Assert.Equal((false, (long?)9, (long?)2, (long?)2, 2L),
            (state.FileValid, state.FileVersion, state.NewestHistoryVersion, state.NewestValidHistoryVersion, state.Current!.Version));
        Assert.Equal("/sites/0/bindings/0/port", Assert.Single(state.FileErrors).Path);
    }
}
