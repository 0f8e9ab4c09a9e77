using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Tests;

/// <summary>wharf.json as found on disk, taken up by the admin service on a temporary data root.</summary>
public sealed class FileAdoptionTests : IAsyncLifetime
{
    private readonly AdminRoot _admin = new();

    public Task InitializeAsync() => _admin.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

    // Bounded: a commit pipeline that never opens would otherwise hang the run, not fail a test.
    private Task AdoptAsync() => _admin.Adoption.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    private string Edited(string physicalPath) =>
        _admin.ConfigText.Replace("\"wwwroot\"", $"\"{physicalPath}\"", StringComparison.Ordinal);

    [Fact]
    public async Task A_valid_edit_by_hand_becomes_the_next_version_and_the_supervisor_is_asked_to_apply_it()
    {
        _admin.ConfigText = Edited("by-hand");

        await AdoptAsync();

        Assert.True(File.Exists(_admin.Root.HistoryFile(2)));
        Assert.Equal("by-hand", _admin.Store.Current()!.Config.Sites[0].PhysicalPath);
        var asked = Assert.Single(_admin.Asked);
        Assert.Equal((ControlCommand.ConfigApplied, 2L), (asked.Command, asked.Version!.Value));
        Assert.Equal(2, _admin.Adoption.Last!.Version);
        // One event, naming the version and passing on the supervisor's answer.
        var reported = Assert.Single(_admin.Events);
        Assert.Contains("version 2", reported.Detail);
        Assert.Contains("version 2 applied", reported.Detail);
    }

    [Fact]
    public async Task The_supervisor_failing_to_apply_is_said_in_the_event_and_the_version_stays_committed()
    {
        _admin.Answer = _ => new ControlReply { Type = ControlReplyType.Result, Ok = false, Message = "www could not apply it: port 80 is taken" };
        _admin.ConfigText = Edited("by-hand");

        await AdoptAsync();

        Assert.Equal(2, _admin.Store.Current()!.Version);
        Assert.Contains("port 80 is taken", Assert.Single(_admin.Events).Detail);
    }

    [Fact]
    public async Task An_invalid_edit_is_reported_once_applies_nothing_and_its_fix_is_reported()
    {
        var valid = _admin.ConfigText;
        _admin.ConfigText = "{ \"version\": 1, \"sites\": [ ";

        await AdoptAsync();
        await AdoptAsync();

        Assert.Empty(_admin.Asked);
        var invalid = Assert.Single(_admin.Events);
        Assert.Contains(_admin.Root.ConfigFile, invalid.Detail);
        Assert.NotEmpty(_admin.Adoption.Last!.Errors);
        Assert.Equal(1, _admin.Store.Current()!.Version);

        // Put back as it was: no new version, but the earlier report is over.
        _admin.ConfigText = valid;
        await AdoptAsync();

        Assert.Empty(_admin.Asked);
        Assert.Equal(2, _admin.Events.Count);
        Assert.NotEqual(invalid.Name, _admin.Events[1].Name);
        Assert.Empty(_admin.Adoption.Last!.Errors);
        Assert.Equal(1, _admin.Adoption.Last.Version);
    }

    [Fact]
    public async Task The_services_own_commit_seen_by_the_watcher_is_not_taken_up_again()
    {
        var (result, _) = await _admin.Commits.RunAsync(
            () => _admin.Store.Commit(c => { c["sites"]![0]!["physicalPath"] = "through-the-api"; return c; }, ifMatch: 1, AdminRoot.Alice, AuditEntry.Set),
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<CommitResult.Committed>(result);
        var audit = File.ReadAllLines(_admin.Root.AuditLog);

        await AdoptAsync();

        Assert.Single(_admin.Asked);
        Assert.Empty(_admin.Events);
        Assert.Equal(audit, File.ReadAllLines(_admin.Root.AuditLog));
    }

    [Fact]
    public async Task An_untouched_file_is_no_change_and_asks_nothing()
    {
        var before = _admin.ConfigText;

        await AdoptAsync();

        Assert.Empty(_admin.Asked);
        Assert.Empty(_admin.Events);
        Assert.Equal(before, _admin.ConfigText);
        Assert.False(File.Exists(_admin.Root.HistoryFile(2)));
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }
}
