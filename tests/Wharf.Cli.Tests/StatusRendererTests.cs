using Wharf.Cli.Rendering;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

public sealed class StatusRendererTests
{
    private static readonly ServiceStatus Www = new()
    {
        Name = "www", State = ServiceState.Running, Pid = 1301, UptimeSeconds = 3723.9, Restarts = 2, Connections = 12,
        Listeners = ["0.0.0.0:80", "0.0.0.0:443"], Message = "restarted overlapped",
    };

    private static readonly ServiceStatus Ftp = new()
    {
        Name = "ftp", State = ServiceState.Failed, Restarts = 5, Ok = false,
        Message = "crashed 5 times in 5 minutes; next try in 1 minute",
    };

    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(59.9, "0:00:59")]
    [InlineData(61, "0:01:01")]
    [InlineData(3723, "1:02:03")]
    [InlineData(172800, "48:00:00")]
    [InlineData(-3, "0:00:00")]
    public void Uptime_is_hours_minutes_seconds(double seconds, string expected) =>
        Assert.Equal(expected, StatusRenderer.Uptime(seconds));

    [Fact]
    public void One_line_per_service_with_every_figure()
    {
        var lines = StatusRenderer.ServiceLines([Www, Ftp]);
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^  www\s+Running\s+pid 1301\s+up 1:02:03\s+restarts 2\s+connections 12\s+restarted overlapped$", lines[0]);
        Assert.Matches(@"^  ftp\s+Failed\s+-\s+-\s+restarts 5\s+-\s+FAILED: crashed 5 times in 5 minutes; next try in 1 minute$", lines[1]);
    }

    [Fact]
    public void Columns_line_up()
    {
        var lines = StatusRenderer.ServiceLines([Www, Ftp]);
        Assert.Equal(lines[0].IndexOf("restarts", StringComparison.Ordinal), lines[1].IndexOf("restarts", StringComparison.Ordinal));
    }

    [Fact]
    public void Status_table_has_a_header_and_every_column()
    {
        var lines = StatusRenderer.ServiceTable([Www, Ftp]);
        Assert.Matches(@"^SERVICE\s+STATE\s+PID\s+UPTIME\s+RESTARTS\s+CONNECTIONS\s+LISTENERS$", lines[0]);
        Assert.Matches(@"^www\s+Running\s+1301\s+1:02:03\s+2\s+12\s+0\.0\.0\.0:80, 0\.0\.0\.0:443$", lines[1]);
        Assert.Matches(@"^ftp\s+Failed\s+-\s+-\s+5\s+-\s+-$", lines[2]);
        Assert.Equal("  ftp: crashed 5 times in 5 minutes; next try in 1 minute", lines[3]);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Status_report_says_whether_resets_are_disabled_and_shows_the_latest_events()
    {
        var time = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 15).Select(i => new EventRecord
        {
            Time = time.AddSeconds(i), Service = "www", Event = EventName.Restarting, Message = $"event {i}",
        }).Append(new EventRecord
        {
            Time = time.AddMinutes(1), Service = "ftp", Event = EventName.Crashed, Pid = 77, ExitCode = 134, Signal = "SIGABRT", Connections = 3,
        }).ToArray();

        var lines = StatusRenderer.StatusReport(new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, Services = [Www], ResetDisabled = true, Events = events,
        });

        Assert.Contains(StatusRenderer.DisabledLine, lines);
        Assert.Contains("Latest events:", lines);
        var eventLines = lines.SkipWhile(l => l != "Latest events:").Skip(1).ToList();
        Assert.Equal(StatusRenderer.EventsShown, eventLines.Count);
        Assert.DoesNotContain(eventLines, l => l.EndsWith("event 5", StringComparison.Ordinal));
        Assert.EndsWith("event 14", eventLines[^2]);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+ftp\s+crashed\s+\(pid 77, exit code 134, SIGABRT, 3 connections\)$", eventLines[^1]);
        var local = time.AddMinutes(1).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("  " + local, eventLines[^1]);
    }

    [Fact]
    public void Status_report_says_when_resets_are_enabled() =>
        Assert.Contains(StatusRenderer.EnabledLine, StatusRenderer.StatusReport(new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, Services = [Www], ResetDisabled = false,
        }));

    [Fact]
    public void Empty_status_still_has_the_header() =>
        Assert.Single(StatusRenderer.StatusReport(new ControlReply { Type = ControlReplyType.Result, Ok = true }));

    [Fact]
    public void Status_report_gives_the_configuration_version_and_warns_when_the_host_fell_back()
    {
        var lines = StatusRenderer.StatusReport(new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, Services = [Www], ConfigVersion = 7,
            ConfigNote = "config/wharf.json is invalid (/sites/0/name: required); running on version 7 from history",
        });

        Assert.Contains("Configuration version 7.", lines);
        Assert.Contains("WARNING: config/wharf.json is invalid (/sites/0/name: required); running on version 7 from history", lines);
        Assert.DoesNotContain(StatusRenderer.StatusReport(new ControlReply { Type = ControlReplyType.Result, Ok = true, ConfigVersion = 3 }),
            l => l.StartsWith("WARNING", StringComparison.Ordinal));
    }

    [Fact]
    public void Status_report_shows_a_committed_version_that_is_not_running_and_warns()
    {
        var lines = StatusRenderer.StatusReport(new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, Services = [Www], ConfigVersion = 7, CommittedVersion = 9,
        });

        Assert.Contains("Configuration version 7 running; version 9 committed.", lines);
        Assert.Contains("WARNING: version 9 is committed but the host runs on version 7; the admin service applies it when it starts, or run `wharf reset`.", lines);
    }

    [Fact]
    public void Status_report_has_no_warning_when_the_committed_version_runs()
    {
        var lines = StatusRenderer.StatusReport(new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, Services = [Www], ConfigVersion = 9, CommittedVersion = 9,
        });

        Assert.Contains("Configuration version 9.", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("WARNING", StringComparison.Ordinal));
    }
}
