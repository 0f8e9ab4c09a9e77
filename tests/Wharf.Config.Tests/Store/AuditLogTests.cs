using Wharf.Config.Store;

namespace Wharf.Config.Tests.Store;

public sealed class AuditLogTests
{
    [Fact]
    public void A_line_is_exactly_the_documented_shape()
    {
        using var s = new StoreRoot();
        var log = new AuditLog(s.AuditPath, s.Clock);

        log.Append(StoreRoot.Alice, AuditEntry.Set, 8, 7, ["/sites/0/physicalPath"], "PUT /api/config?path=/sites/0/physicalPath");

        // The example in docs/admin-api.md, "Audit log".
        Assert.Equal(
            """{"time":"2026-11-30T02:31:07.512Z","user":"alice","uid":1000,"pid":4242,"action":"set","version":8,"previousVersion":7,"changes":["/sites/0/physicalPath"],"detail":"PUT /api/config?path=/sites/0/physicalPath"}""",
            Assert.Single(s.AuditLines));
    }

    [Fact]
    public void ReadRecent_gives_the_newest_entries_oldest_first_from_a_long_log()
    {
        using var s = new StoreRoot();
        var log = new AuditLog(s.AuditPath, s.Clock);
        // Well past one 64 KiB read, so the tail is found across reads.
        for (var v = 1; v <= 1500; v++) log.Append(StoreRoot.Bob, AuditEntry.Set, v, v - 1, ["/sites/0/physicalPath"], null);

        var recent = log.ReadRecent(3);

        Assert.Equal([1498L, 1499L, 1500L], recent.Select(e => e.Version));
        Assert.Equal(s.Clock.Now, recent[0].Time);
        Assert.Equal(("bob", 1001u, 5151), (recent[0].User, recent[0].Uid, recent[0].Pid));
        Assert.Equal(1500, log.ReadRecent(5000).Count);
        Assert.Empty(log.ReadRecent(0));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_next_entry_starts_on_its_own_line()
    {
        using var s = new StoreRoot();
        var log = new AuditLog(s.AuditPath, s.Clock);
        log.Append(StoreRoot.Alice, AuditEntry.Set, 2, 1, [], null);
        File.AppendAllText(s.AuditPath, "{\"time\":\"2026-11-30T0");

        log.Append(StoreRoot.Alice, AuditEntry.Set, 3, 2, [], null);

        Assert.Equal([2L, 3L], log.ReadRecent(10).Select(e => e.Version));
        Assert.Equal(3, s.AuditLines.Length);
    }

    [Fact]
    public void No_log_yet_reads_as_empty()
    {
        using var s = new StoreRoot();

        Assert.Empty(new AuditLog(s.AuditPath, s.Clock).ReadRecent(50));
    }
}
