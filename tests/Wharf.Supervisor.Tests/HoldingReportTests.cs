using System.Text.Json;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Tests;

public sealed class HoldingReportTests
{
    private static HeldEntry Request(string url, double seconds, long bytes = 0) =>
        new() { Client = "127.0.0.1:5555", Method = "GET", Url = url, BytesSent = bytes, Seconds = seconds };

    private static HeldEntry Idle(int port) => new() { Client = $"127.0.0.1:{port}", Seconds = 2 };

    [Fact]
    public void Requests_come_first_oldest_first_then_idle_connections()
    {
        var report = HoldingReport.Create(4, 2, [Request("/young", 1), Request("/old", 9)], 2, [Idle(1), Idle(2)]);

        Assert.Equal(["/old", "/young", null, null], report.Entries.Select(e => e.Url));
        Assert.Equal(0, report.Unlisted);
        Assert.Equal(4, report.Connections);
        Assert.Equal(2, report.Requests);
    }

    [Fact]
    public void At_most_max_entries_are_listed_and_the_rest_counted()
    {
        var requests = Enumerable.Range(0, 30).Select(i => Request($"/r{i}", i)).ToArray();
        var idleAsked = 0;
        var idle = Enumerable.Range(0, 1000).Select(i => { idleAsked++; return Idle(i); });

        var report = HoldingReport.Create(1030, 30, requests, 1000, idle);

        Assert.Equal(HoldingReport.MaxEntries, report.Entries.Count);
        Assert.All(report.Entries, e => Assert.True(e.IsRequest));
        Assert.Equal("/r29", report.Entries[0].Url);
        Assert.Equal(1030 - HoldingReport.MaxEntries, report.Unlisted);
        Assert.Equal(0, idleAsked);
    }

    [Fact]
    public void Idle_connections_fill_only_what_requests_leave()
    {
        var idleAsked = 0;
        var idle = Enumerable.Range(0, 100).Select(i => { idleAsked++; return Idle(i); });

        var report = HoldingReport.Create(101, 1, [Request("/a", 1)], 100, idle, max: 4);

        Assert.Equal(4, report.Entries.Count);
        Assert.Equal(3, idleAsked);
        Assert.Equal(97, report.Unlisted);
    }

    [Fact]
    public void A_long_url_is_cut_so_that_the_report_stays_bounded()
    {
        var report = HoldingReport.Create(1, 1, [Request("/" + new string('a', 5000), 1)], 0, []);

        var url = Assert.Single(report.Entries).Url!;
        Assert.Equal(HoldingReport.MaxUrlLength, url.Length);
        Assert.EndsWith("...", url);
    }

    [Fact]
    public void A_full_report_fits_in_a_few_kilobytes_on_the_control_channel()
    {
        var requests = Enumerable.Range(0, 10_000).Select(i => Request("/" + new string('x', 1000), i, long.MaxValue));
        var report = HoldingReport.Create(10_000, 10_000, requests, 0, []);
        var line = JsonSerializer.Serialize(new ControlMessage { Type = ControlMessageType.Holding, Holding = report }, HostingJsonContext.Default.ControlMessage);

        Assert.True(line.Length < 8 * 1024, $"{line.Length} bytes");
        Assert.DoesNotContain("isRequest", line);
        var back = JsonSerializer.Deserialize(line, HostingJsonContext.Default.ControlMessage)!;
        Assert.Equal(report.Entries.Count, back.Holding!.Entries.Count);
        Assert.Equal(10_000 - HoldingReport.MaxEntries, back.Holding.Unlisted);
    }

    [Fact]
    public void A_service_that_names_nothing_reports_its_count_as_unlisted()
    {
        var report = HoldingReport.CountOnly(3);

        Assert.Empty(report.Entries);
        Assert.Equal(3, report.Unlisted);
        Assert.Equal(3, report.Connections);
    }
}
