using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Tests;

public sealed class ForcedStopTextTests
{
    private static readonly HeldEntry Download = new()
    {
        Client = "127.0.0.1:5555", Method = "GET", Url = "/big.bin", BytesSent = 23_456_789, Seconds = 4.56,
    };

    private static ForcedStop Killed(HoldingReport? held, double? age = 0.4) =>
        new() { Pid = 4242, DeadlineSeconds = 3, Held = held, ReportAgeSeconds = held is null ? null : age };

    [Fact]
    public void Names_the_process_the_deadline_and_each_request_with_its_bytes()
    {
        var text = ForcedStopText.Describe(Killed(HoldingReport.Create(1, 1, [Download], 0, [])));

        Assert.Equal("killed pid 4242 at the 3 s deadline, cutting 1 request: GET /big.bin to 127.0.0.1:5555, 23,456,789 bytes sent in 4.6 s", text);
    }

    [Fact]
    public void An_old_report_says_how_old_it_was_at_the_kill()
    {
        var text = ForcedStopText.Describe(Killed(HoldingReport.Create(1, 1, [Download], 0, []), age: 2.34));

        Assert.EndsWith("(as of 2.3 s before the kill)", text);
    }

    [Fact]
    public void Idle_connections_and_unlisted_ones_are_counted()
    {
        var idle = new HeldEntry { Client = "[::1]:4000", Seconds = 7 };
        var held = HoldingReport.Create(5, 1, [Download], 4, [idle], max: 2);

        var text = ForcedStopText.Describe(Killed(held));

        Assert.StartsWith("killed pid 4242 at the 3 s deadline, cutting 1 request and 4 idle connections: GET /big.bin", text);
        Assert.Contains("; idle connection from [::1]:4000, open 7.0 s", text);
        Assert.EndsWith("; and 3 more", text);
    }

    [Fact]
    public void A_hung_process_is_named_with_what_its_last_answer_said_and_how_old_that_was()
    {
        var text = ForcedStopText.Cutting(HoldingReport.Create(1, 1, [Download], 0, []), 15.04);

        Assert.Equal(", cutting 1 request: GET /big.bin to 127.0.0.1:5555, 23,456,789 bytes sent in 4.6 s (as of 15.0 s before the kill)", text);
        Assert.Equal(", having sent no report of what it held", ForcedStopText.Cutting(null, null));
    }

    [Fact]
    public void A_process_ended_now_on_request_says_who_asked()
    {
        var text = ForcedStopText.Describe(Killed(HoldingReport.Create(1, 1, [Download], 0, [])) with { EndedNowBy = "uid 0 (pid 77)" });

        Assert.StartsWith("ended pid 4242 now, as uid 0 (pid 77) asked, cutting 1 request: GET /big.bin", text);
    }

    [Fact]
    public void A_count_only_report_cuts_connections_not_known_to_be_idle()
    {
        Assert.Equal("killed pid 4242 at the 3 s deadline, cutting 3 connections", ForcedStopText.Describe(Killed(HoldingReport.CountOnly(3))));
    }

    [Fact]
    public void A_process_that_held_nothing_cut_nothing()
    {
        Assert.Equal("killed pid 4242 at the 3 s deadline, cutting nothing", ForcedStopText.Describe(Killed(new HoldingReport())));
    }

    [Fact]
    public void A_process_that_never_reported_says_so()
    {
        Assert.Equal("killed pid 4242 at the 3 s deadline, having sent no report of what it held", ForcedStopText.Describe(Killed(null)));
    }

    [Fact]
    public void A_request_whose_bytes_are_unknown_says_so_and_a_fractional_deadline_keeps_its_tenth()
    {
        var held = HoldingReport.Create(1, 1, [Download with { BytesSent = null }], 0, []);

        var text = ForcedStopText.Describe(Killed(held) with { DeadlineSeconds = 2.5 });

        Assert.Equal("killed pid 4242 at the 2.5 s deadline, cutting 1 request: GET /big.bin to 127.0.0.1:5555, bytes sent unknown in 4.6 s", text);
    }
}
