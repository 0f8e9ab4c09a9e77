using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigStoreBackupTests
{
    [Fact]
    public void A_backup_is_created_listed_restored_and_deleted()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "before"));

        var created = Assert.IsType<BackupResult.Created>(s.Store.CreateBackup("before-upgrade", Alice));
        Assert.Equal(("before-upgrade", 2L), (created.Backup.Name, created.Backup.Version));
        Assert.Equal(s.ConfigText, File.ReadAllText(Path.Combine(s.Root.BackupsFolder, "before-upgrade.json")));
        Assert.Equal([("before-upgrade", 2L)], s.Store.Backups().Select(b => (b.Name, b.Version)));

        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "after"));
        var restored = Is<CommitResult.Committed>(s.Store.Restore("before-upgrade", ifMatch: 3, Alice));
        Assert.Equal(4, restored.Now.Version);
        Assert.Equal("before", restored.Now.Config.Sites[0].PhysicalPath);

        Assert.True(s.Store.DeleteBackup("before-upgrade", Alice));
        Assert.False(s.Store.DeleteBackup("before-upgrade", Alice));
        Assert.Empty(s.Store.Backups());

        Assert.Equal(["set", "backup", "set", "restore", "delete-backup"],
            s.Store.Audit.ReadRecent(10).Select(e => e.Action));
        Assert.Equal("before-upgrade", s.Store.Audit.ReadRecent(1)[0].Detail?.Split(' ')[^1]);
    }

    [Fact]
    public void A_backup_that_exists_is_kept_as_it_was()
    {
        using var s = new StoreRoot();
        Assert.IsType<BackupResult.Created>(s.Store.CreateBackup("nightly", Alice));
        Is<CommitResult.Committed>(s.Set("/sites/0/physicalPath", "changed"));

        Assert.Equal("nightly", Assert.IsType<BackupResult.Exists>(s.Store.CreateBackup("nightly", Alice)).Name);
        Assert.Equal(1, Assert.Single(s.Store.Backups()).Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("../wharf")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("café")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    public void A_backup_name_outside_the_rule_is_refused_with_a_reason(string name)
    {
        using var s = new StoreRoot();

        var invalid = Assert.IsType<BackupResult.InvalidName>(s.Store.CreateBackup(name, Alice));

        Assert.False(string.IsNullOrWhiteSpace(invalid.Message));
        Assert.False(Directory.Exists(s.Root.BackupsFolder) && Directory.EnumerateFileSystemEntries(s.Root.BackupsFolder).Any());
        Assert.IsType<CommitResult.NotFound>(s.Store.Restore(name, null, Alice));
        Assert.False(s.Store.DeleteBackup(name, Alice));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Before_2026-11-30.v2")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g123")]
    public void Letters_digits_dots_dashes_and_underscores_up_to_64_make_a_name(string name)
    {
        Assert.Null(ConfigStore.CheckBackupName(name));
    }

    [Fact]
    public void Restoring_a_backup_that_does_not_exist_is_not_found()
    {
        using var s = new StoreRoot();

        Assert.Equal("there is no backup named 'nope'", Is<CommitResult.NotFound>(s.Store.Restore("nope", null, Alice)).Message);
    }
}
