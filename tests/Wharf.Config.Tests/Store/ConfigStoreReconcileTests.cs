using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

/// <summary>
/// A commit cut short at each of its steps, laid out on disk by hand: a real commit of version 4
/// is made, then the files are put back as they stood when the kill landed before that step.
/// </summary>
public sealed class ConfigStoreReconcileTests
{
    private const string Json = "config/wharf.json";
    private const string Temp = "config/wharf.json.tmp";
    private const string History4 = "config/history/wharf.4.json";
    private const string History2 = "config/history/wharf.2.json";
    private const string Audit = "logs/audit.log";

    /// <summary>Versions 2 (maxHistoryFiles 2) and 3 committed; version 4 committed too, which trims version 2 from history.</summary>
    private sealed class CutCommit : IDisposable
    {
        public CutCommit()
        {
            Is<CommitResult.Committed>(S.Set("/maxHistoryFiles", 2));
            Is<CommitResult.Committed>(S.Set("/sites/0/physicalPath", "a"));
            Before = S.Files();
            Is<CommitResult.Committed>(S.Set("/sites/0/physicalPath", "b"));
            After = S.Files();
        }

        public StoreRoot S { get; } = new();
        public IReadOnlyDictionary<string, string> Before { get; }
        public IReadOnlyDictionary<string, string> After { get; }

        /// <summary>The disk as it stood when a kill landed just before <paramref name="step"/>.</summary>
        public void CutBefore(CommitStep step)
        {
            if (step <= CommitStep.Rename) Put(Json, Before[Json]);
            if (step == CommitStep.TemporaryWrite) Put(Temp, After[Json][..40]);
            if (step == CommitStep.Rename) Put(Temp, After[Json]);
            if (step <= CommitStep.HistoryCopy) Remove(History4);
            if (step == CommitStep.HistoryCopy) Put(History4 + ".tmp", "");
            if (step <= CommitStep.HistoryTrim) Put(History2, Before[History2]);
            if (step <= CommitStep.AuditLine) Put(Audit, Before[Audit]);
        }

        public void Put(string relative, string text) => File.WriteAllText(Path.Combine(S.Root.Path, relative), text);

        public void Remove(string relative) => File.Delete(Path.Combine(S.Root.Path, relative));

        public void Dispose() => S.Dispose();
    }

    public static TheoryData<CommitStep, CommitStep[]> Steps => new()
    {
        { CommitStep.Rename, [CommitStep.Rename, CommitStep.HistoryCopy, CommitStep.HistoryTrim, CommitStep.AuditLine] },
        { CommitStep.HistoryCopy, [CommitStep.HistoryCopy, CommitStep.HistoryTrim, CommitStep.AuditLine] },
        { CommitStep.HistoryTrim, [CommitStep.HistoryTrim, CommitStep.AuditLine] },
        { CommitStep.AuditLine, [CommitStep.AuditLine] },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_commit_cut_before_a_step_after_its_temporary_write_is_finished_as_the_whole_commit_would_have_left_it(CommitStep cut, CommitStep[] missing)
    {
        using var c = new CutCommit();
        c.CutBefore(cut);
        Assert.Equal(4, ConfigStore.ReadCommittedVersion(c.S.Root));

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(4, done.Committed!.Version);
        Assert.Equal(missing, done.Finished);
        var files = c.S.Files();
        Assert.Equal(c.After[Json], files[Json]);
        Assert.Equal(c.After[History4], files[History4]);
        Assert.Equal([4, 3], c.S.HistoryVersions);
        Assert.DoesNotContain(files.Keys, k => k.EndsWith(".tmp", StringComparison.Ordinal));
        var audit = c.S.Store.Audit.ReadRecent(10);
        Assert.Equal([2, 3, 4], audit.Select(a => a.Version));
        var line = audit[^1];
        Assert.Equal((AuditEntry.Recovered, (long?)3, "alice"), (line.Action, line.PreviousVersion, line.User));
        Assert.Equal(["/sites/0/physicalPath"], line.Changes);
        Assert.Contains($"cut short before its {cut.Words()}", line.Detail);
    }

    [Fact]
    public void A_commit_cut_at_its_apply_request_has_nothing_left_on_disk_and_is_reported_committed()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Apply);

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(4, done.Committed!.Version);
        Assert.False(done.Changed);
        Assert.Null(done.Audited);
        Assert.Equal(c.After, c.S.Files());
    }

    [Fact]
    public void A_temporary_file_cut_during_its_write_is_no_commit_and_its_number_is_used_by_the_next()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.TemporaryWrite);
        Assert.Equal(3, ConfigStore.ReadCommittedVersion(c.S.Root));

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(3, done.Committed!.Version);
        Assert.Empty(done.Finished);
        Assert.Equal([Path.Combine(c.S.Root.Path, Temp)], done.Removed);
        Assert.Contains("never happened", done.Discarded);
        Assert.Equal(c.Before, c.S.Files());
        Assert.Equal(4, Is<CommitResult.Committed>(c.S.Set("/sites/0/physicalPath", "c")).Now.Version);
    }

    [Fact]
    public void A_complete_temporary_file_beside_a_wharf_json_edited_since_is_no_commit_and_the_edit_stays()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Rename);
        var edited = c.Before[Json].Replace("\"a\"", "\"by-hand\"", StringComparison.Ordinal);
        c.Put(Json, edited);

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(3, done.Committed!.Version);
        Assert.Contains("edited since", done.Discarded);
        Assert.Equal(edited, c.S.ConfigText);
        Assert.False(File.Exists(Path.Combine(c.S.Root.Path, Temp)));
        // The edit is then taken up as the next version, with the number the temporary file held.
        Assert.Equal(4, Is<CommitResult.Committed>(c.S.Store.AdoptFileOnDisk(Bob)).Now.Version);
    }

    [Fact]
    public void A_complete_temporary_file_beside_an_invalid_wharf_json_is_rolled_forward()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Rename);
        c.Put(Json, "{ \"version\": 3, \"sites\": 5 }");

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(4, done.Committed!.Version);
        Assert.Equal(c.After[Json], c.S.ConfigText);
    }

    [Fact]
    public void A_stale_temporary_file_is_removed_and_changes_nothing_else()
    {
        using var c = new CutCommit();
        c.Put(Temp, c.Before[Json]);
        c.Put("config/wharf.json.tmp-4242-7", "{");

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal(4, done.Committed!.Version);
        Assert.Equal(2, done.Removed.Count);
        Assert.Contains("stale", done.Discarded);
        Assert.Equal(c.After, c.S.Files());
    }

    [Fact]
    public void Reconciling_twice_does_nothing_the_second_time()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.HistoryCopy);
        c.S.Store.Reconcile(Alice);
        var once = c.S.Files();

        var again = c.S.Store.Reconcile(Bob);

        Assert.False(again.Changed);
        Assert.Equal(once, c.S.Files());
    }

    [Fact]
    public void Reading_the_committed_version_writes_nothing()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Rename);
        var before = c.S.Files();

        Assert.Equal(4, ConfigStore.ReadCommittedVersion(c.S.Root));

        Assert.Equal(before, c.S.Files());
    }

    [Fact]
    public void The_supervisors_start_check_finishes_the_same_commit_the_same_way()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Rename);

        var kept = Is<CommitResult.Committed>(c.S.Store.KeepStartVersion(Alice));

        Assert.Equal((4L, AuditEntry.Recovered), (kept.Now.Version, kept.Action));
        Assert.Equal(c.After[Json], c.S.ConfigText);
        Assert.Equal([4, 3], c.S.HistoryVersions);
        Assert.False(c.S.Store.Reconcile(Alice).Changed);
    }

    [Fact]
    public void A_file_numbered_above_history_outside_the_store_is_kept_and_the_skipped_numbers_are_audited()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        File.WriteAllText(s.Root.ConfigFile, s.ConfigText.Replace("\"version\": 2", "\"version\": 7", StringComparison.Ordinal));

        var done = s.Store.Reconcile(Alice);

        Assert.Equal(7, done.Committed!.Version);
        Assert.Equal([CommitStep.HistoryCopy, CommitStep.AuditLine], done.Finished);
        Assert.Contains("versions 3 to 6 were skipped", done.Audited!.Detail);
        Assert.Equal(2, done.Audited.PreviousVersion);
    }

    [Fact]
    public void A_first_hand_written_file_goes_into_history_with_a_recovered_line()
    {
        using var s = new StoreRoot();

        var done = s.Store.Reconcile(Alice);

        Assert.Equal(1, done.Committed!.Version);
        Assert.Equal([CommitStep.HistoryCopy, CommitStep.AuditLine], done.Finished);
        Assert.Null(done.Audited!.PreviousVersion);
        Assert.Equal(StoreRoot.Sample, File.ReadAllText(s.Root.HistoryFile(1)));
    }

    [Fact]
    public void A_backup_line_after_a_commit_is_not_taken_for_its_audit_line()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.AuditLine);
        c.S.Store.Audit.Append(Bob, AuditEntry.Backup, 4, null, [], "backup before-upgrade");

        var done = c.S.Store.Reconcile(Alice);

        Assert.Equal([CommitStep.AuditLine], done.Finished);
    }

    [Fact]
    public void A_store_with_no_valid_version_has_nothing_committed_and_is_left_alone()
    {
        using var s = new StoreRoot("{ not json");

        var done = s.Store.Reconcile(Alice);

        Assert.Null(done.Committed);
        Assert.False(done.Changed);
        Assert.Equal(0, ConfigStore.ReadCommittedVersion(s.Root));
    }

    [Fact]
    public void Status_reports_the_committed_version_of_a_commit_cut_short()
    {
        using var c = new CutCommit();
        c.CutBefore(CommitStep.Rename);

        var state = c.S.Store.ReadState();

        Assert.Equal((3L, (long?)4), (state.Current!.Version, state.CommittedVersion));
    }
}
