using Microsoft.Extensions.Time.Testing;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Tests;

public sealed class LastHoldingReportTests
{
    private readonly FakeTimeProvider _time = new();

    private static HoldingReport OneDownload(long bytes) => HoldingReport.Create(1, 1,
        [new HeldEntry { Client = "127.0.0.1:5555", Method = "GET", Url = "/big.bin", BytesSent = bytes, Seconds = 1 }], 0, []);

    [Fact]
    public void A_kill_names_the_last_report_and_its_age()
    {
        var last = new LastHoldingReport(_time);
        last.Record(OneDownload(10), answersStop: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        last.Record(OneDownload(5_000));
        // Then the process hangs: nothing more comes until the deadline.
        _time.Advance(TimeSpan.FromSeconds(2.2));

        var forced = last.Kill(4242, TimeSpan.FromSeconds(3));

        Assert.Equal(4242, forced.Pid);
        Assert.Equal(3, forced.DeadlineSeconds);
        Assert.Equal(5_000, Assert.Single(forced.Held!.Entries).BytesSent);
        Assert.Equal(2.2, forced.ReportAgeSeconds);
        Assert.EndsWith("(as of 2.2 s before the kill)", ForcedStopText.Describe(forced));
    }

    [Fact]
    public void A_process_that_never_reported_is_killed_with_no_report()
    {
        var forced = new LastHoldingReport(_time).Kill(7, TimeSpan.FromSeconds(20));

        Assert.Null(forced.Held);
        Assert.Null(forced.ReportAgeSeconds);
    }

    [Fact]
    public void A_pong_from_an_older_service_counts_its_connections_without_names()
    {
        var last = new LastHoldingReport(_time);
        last.Record(LastHoldingReport.Of(new ControlMessage { Type = ControlMessageType.Pong, Connections = 2 })!);

        var (report, age) = last.Current!.Value;
        Assert.Equal(2, report.Connections);
        Assert.Equal(2, report.Unlisted);
        Assert.Equal(TimeSpan.Zero, age);
        Assert.False(last.StoppingAnswered.IsCompleted);
        Assert.Null(LastHoldingReport.Of(new ControlMessage { Type = ControlMessageType.Event, Event = EventName.Warning }));
    }

    [Fact]
    public void The_stopping_answer_is_awaitable()
    {
        var last = new LastHoldingReport(_time);
        last.Record(OneDownload(0), answersStop: true);

        Assert.True(last.StoppingAnswered.IsCompletedSuccessfully);
        Assert.Equal(1, last.Current!.Value.Report.Connections);
    }
}
