using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigStoreHistoryTests
{
    [Fact]
    public void History_keeps_the_newest_maxHistoryFiles_versions_of_the_new_configuration()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/maxHistoryFiles", 3));
        for (var i = 0; i < 4; i++) Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", $"p{i}"));

        Assert.Equal([6, 5, 4], s.HistoryVersions);
        Assert.All(s.Store.History(), h => Assert.Equal(new FileInfo(s.Root.HistoryFile(h.Version)).Length, h.Bytes));

        // Raising the limit keeps what is left; nothing comes back.
        Is<CommitResult.Committed>(s.Set("/maxHistoryFiles", 10));
        Assert.Equal([7, 6, 5, 4], s.HistoryVersions);
    }

    [Fact]
    public void ReadVersion_gives_a_kept_version_and_null_for_one_that_is_not()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));

        Assert.Equal("a", s.Store.ReadVersion(2)!.Config.Sites[0].PhysicalPath);
        Assert.Null(s.Store.ReadVersion(1)); // never committed through the store, so not in history
        Assert.Null(s.Store.ReadVersion(99));
    }

    [Fact]
    public void Diff_between_versions_and_to_the_current_one()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        Is<CommitResult.Committed>(s.Set("/sites/1/physicalPath", "b"));

        Assert.Equal(["/sites/1/physicalPath"], s.Store.Diff(2, 3)!.Select(c => c.Path));
        Assert.Equal(["/sites/1/physicalPath"], s.Store.Diff(2, null)!.Select(c => c.Path));
        Assert.Empty(s.Store.Diff(3, null)!);
        Assert.Null(s.Store.Diff(1, 3));
        Assert.Null(s.Store.Diff(2, 99));
    }

    [Fact]
    public void Rollback_commits_an_old_version_as_a_new_one_so_versions_only_grow()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "b"));

        var rolledBack = Is<CommitResult.Committed>(s.Store.Rollback(2, ifMatch: 3, Bob));

        Assert.Equal(4, rolledBack.Now.Version);
        Assert.Equal("a", rolledBack.Now.Config.Sites[0].PhysicalPath);
        Assert.Equal(["/sites/0/physicalPath"], rolledBack.Changes.Select(c => c.Path));
        Assert.Equal([4, 3, 2], s.HistoryVersions);
        Assert.Contains("\"action\":\"rollback\",\"version\":4,\"previousVersion\":3", s.AuditLines[^1]);

        // The next change goes on from 4, not from the 2 it rolled back to.
        Assert.Equal(5, Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "c")).Now.Version);
    }

    [Fact]
    public void Rollback_to_a_version_not_kept_is_not_found_and_to_the_current_content_is_no_change()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "a"));

        Assert.Contains("version 1 is not in the history", Is<CommitResult.NotFound>(s.Store.Rollback(1, null, Alice)).Message);
        Is<CommitResult.NoChange>(s.Store.Rollback(2, null, Alice));
        Is<CommitResult.Conflict>(s.Store.Rollback(2, ifMatch: 1, Alice));
    }
}
