using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Www.Logging;

namespace Wharf.Www.Tests;

/// <summary>The writer and one site's log, with time from a FakeTimeProvider and files in a scratch folder.</summary>
public sealed class W3cLogRolloverTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wharf-w3c-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 23, 59, 58, TimeSpan.Zero));
    private readonly List<(EventName Event, string? Detail)> _events = [];

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private W3cLogWriter Writer() => new(_time, NullLogger.Instance, (e, d) => { lock (_events) _events.Add((e, d)); });

    private SiteLogSettings Settings(LogPeriod period = LogPeriod.Daily, long truncateSize = 1 << 20, IReadOnlyList<string>? fields = null) =>
        new(Path.Combine(_folder, "W3SVC3"), period, truncateSize, W3cFieldSet.From(fields ?? ["date", "time", "cs-uri-stem"]), "W3SVC3");

    private void Log(SiteLog log, string stem) =>
        Assert.True(log.TryEnqueue(new W3cLogEntry { Log = log, Settings = log.Settings, Time = _time.GetUtcNow().UtcDateTime, Method = "GET", UriStem = stem, Status = 200 }));

    private string[] Lines(string name) => File.ReadAllText(Path.Combine(_folder, "W3SVC3", name)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private string[] Files() => [.. Directory.GetFiles(Path.Combine(_folder, "W3SVC3")).Select(Path.GetFileName).Order()!];

    [Fact]
    public async Task A_new_file_starts_when_the_utc_date_changes_each_with_its_header()
    {
        var writer = Writer();
        var log = writer.Create(Settings());

        Log(log, "/before");
        _time.Advance(TimeSpan.FromSeconds(1));
        Log(log, "/last-second");
        _time.Advance(TimeSpan.FromSeconds(1));
        Log(log, "/after");
        await writer.StopAsync();

        Assert.Equal(["u_ex261206.log", "u_ex261207.log"], Files());
        Assert.Equal(
            ["#Software: " + W3cLogWriter.Software, "#Version: 1.0", "#Date: 2026-12-06 23:59:58", "#Fields: date time cs-uri-stem",
             "2026-12-06 23:59:58 /before", "2026-12-06 23:59:59 /last-second"],
            Lines("u_ex261206.log"));
        Assert.Equal(["#Date: 2026-12-07 00:00:00", "#Fields: date time cs-uri-stem", "2026-12-07 00:00:00 /after"], Lines("u_ex261207.log")[2..]);
    }

    [Fact]
    public async Task An_entry_that_reaches_the_writer_late_goes_into_the_newer_file()
    {
        var writer = Writer();
        var log = writer.Create(Settings());
        var early = _time.GetUtcNow().UtcDateTime;
        _time.Advance(TimeSpan.FromSeconds(5));

        Log(log, "/tomorrow");
        Assert.True(log.TryEnqueue(new W3cLogEntry { Log = log, Time = early, UriStem = "/finished-before-midnight" }));
        await writer.StopAsync();

        Assert.Equal(["u_ex261207.log"], Files());
        Assert.EndsWith("/finished-before-midnight", Lines("u_ex261207.log")[^1]);
    }

    [Fact]
    public async Task Hourly_files_are_named_by_the_hour()
    {
        var writer = Writer();
        var log = writer.Create(Settings(LogPeriod.Hourly));
        Log(log, "/a");
        _time.Advance(TimeSpan.FromMinutes(30));
        Log(log, "/b");
        _time.Advance(TimeSpan.FromMinutes(60));
        Log(log, "/c");
        await writer.StopAsync();

        Assert.Equal(["u_ex26120623.log", "u_ex26120700.log", "u_ex26120701.log"], Files());
    }

    [Fact]
    public async Task By_size_a_new_numbered_file_starts_once_one_reaches_the_truncate_size()
    {
        var writer = Writer();
        var log = writer.Create(Settings(LogPeriod.MaxSize, truncateSize: 1000));
        for (var i = 0; i < 100; i++) Log(log, "/" + new string('x', 20));
        await writer.StopAsync();

        var files = Files();
        Assert.Equal("u_extend1.log", files[0]);
        Assert.True(files.Length >= 3, string.Join(", ", files));
        foreach (var file in files)
        {
            var lines = Lines(file);
            Assert.StartsWith("#Software: Wharf", lines[0]);
            Assert.InRange(new FileInfo(Path.Combine(_folder, "W3SVC3", file)).Length, 1, 1000 + 64);
        }
        Assert.Equal(100, files.Sum(f => Lines(f).Count(l => !l.StartsWith('#'))));
    }

    [Fact]
    public async Task By_size_a_restart_goes_on_with_the_highest_numbered_file()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "W3SVC3"));
        File.WriteAllText(Path.Combine(_folder, "W3SVC3", "u_extend4.log"), "#Software: old\r\n");
        var writer = Writer();
        var log = writer.Create(Settings(LogPeriod.MaxSize, truncateSize: 1 << 20));
        Log(log, "/x");
        await writer.StopAsync();

        Assert.Equal(["u_extend4.log"], Files());
        Assert.Equal("#Software: old", Lines("u_extend4.log")[0]);
        Assert.Equal("#Software: " + W3cLogWriter.Software, Lines("u_extend4.log")[1]);
    }

    [Fact]
    public async Task Appending_to_an_existing_file_writes_a_new_header_block_first()
    {
        var first = Writer();
        Log(first.Create(Settings()), "/one");
        await first.StopAsync();
        var second = Writer();
        Log(second.Create(Settings(fields: ["time", "cs-uri-stem", "sc-status"])), "/two");
        await second.StopAsync();

        var lines = Lines("u_ex261206.log");
        Assert.Equal(2, lines.Count(l => l.StartsWith("#Software: ")));
        Assert.Equal(["#Fields: date time cs-uri-stem", "#Fields: time cs-uri-stem sc-status"], lines.Where(l => l.StartsWith("#Fields")));
        Assert.Equal("23:59:58 /two 200", lines[^1]);
    }

    [Fact]
    public async Task A_changed_field_list_starts_a_new_header_block_in_the_same_file()
    {
        var writer = Writer();
        var log = writer.Create(Settings());
        Log(log, "/one");
        log.Configure(Settings(fields: ["cs-uri-stem"]));
        Log(log, "/two");
        await writer.StopAsync();

        var lines = Lines("u_ex261206.log");
        Assert.Equal(["#Fields: date time cs-uri-stem", "#Fields: cs-uri-stem"], lines.Where(l => l.StartsWith("#Fields")));
        Assert.Equal("/two", lines[^1]);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_made_is_reported_once_and_logging_goes_on_for_other_sites()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "not-a-folder"), "");
        var writer = Writer();
        var broken = writer.Create(new SiteLogSettings(Path.Combine(_folder, "not-a-folder", "W3SVC9"), LogPeriod.Daily, 1 << 20, W3cFieldSet.From(["cs-uri-stem"]), "W3SVC9"));
        var good = writer.Create(Settings());

        Log(broken, "/lost1");
        Log(broken, "/lost2");
        Log(good, "/kept");
        await writer.StopAsync();

        Assert.Equal("/kept", Lines("u_ex261206.log")[^1].Split(' ')[^1]);
        var failed = Assert.Single(_events);
        Assert.Equal(EventName.LogFailed, failed.Event);
        Assert.Contains("W3SVC9", failed.Detail);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_and_never_blocks()
    {
        var writer = new W3cLogWriter(_time, NullLogger.Instance, (_, _) => { }, capacity: 4);
        // Enqueueing in a tight loop outruns the writer, which formats and writes each entry.
        var log = writer.Create(Settings());
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
            if (log.TryEnqueue(new W3cLogEntry { Log = log, Time = _time.GetUtcNow().UtcDateTime, UriStem = "/" })) accepted++;
        await writer.StopAsync();

        Assert.Equal(100_000, accepted + writer.Dropped);
        Assert.True(writer.Dropped > 0);
        Assert.Equal(accepted, Lines("u_ex261206.log").Count(l => !l.StartsWith('#')));
    }

    [Fact]
    public async Task A_retired_log_writes_what_it_has_and_closes_its_file()
    {
        var writer = Writer();
        var log = writer.Create(Settings());
        Log(log, "/last");
        log.Retire();
        await writer.StopAsync();

        Assert.Equal("2026-12-06 23:59:58 /last", Lines("u_ex261206.log")[^1]);
        Assert.Null(log.CurrentPath);
    }
}
