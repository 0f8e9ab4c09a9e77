using System.Text.Json;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

/// <summary>A reset that succeeded only by killing a process at its deadline is told apart from a clean one.</summary>
public sealed class ResetForcedTests
{
    private readonly CliRun _cli = new();

    private static readonly ForcedStop Cut = new()
    {
        Pid = 1234,
        DeadlineSeconds = 3,
        ReportAgeSeconds = 0.5,
        Held = HoldingReport.Create(1, 1,
            [new HeldEntry { Client = "127.0.0.1:5555", Method = "GET", Url = "/big.bin", BytesSent = 23_456_789, Seconds = 4 }], 0, []),
    };

    private static ControlReply ForcedResult() => new()
    {
        Type = ControlReplyType.Result,
        Ok = true,
        Forced = true,
        Message = "restart: done, forced",
        Services = [new ServiceStatus { Name = "www", State = ServiceState.Running, Pid = 1301, Message = "restarted: pid 1234 → 1301", Forced = [Cut] }],
    };

    [Fact]
    public async Task A_forced_restart_exits_3_names_what_it_cut_and_never_says_successfully()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, ForcedResult());

        var run = await _cli.Wharf("reset", "/timeout:3", "--root", root.Path);

        Assert.Equal(ExitCodes.Forced, run.Code);
        Assert.Contains("www forced: killed pid 1234 at the 3 s deadline, cutting 1 request: GET /big.bin to 127.0.0.1:5555, 23,456,789 bytes sent in 4.0 s", run.OutLines);
        Assert.Equal("Internet services restarted, but forced: 1 process killed at the deadline", run.OutLines[^1]);
        Assert.DoesNotContain(run.OutLines, l => l.Contains("successfully", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_json_reply_carries_forced_and_what_was_cut_and_exits_3()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, ForcedResult());

        var run = await _cli.Wharf("reset", "--json", "--root", root.Path);

        Assert.Equal(ExitCodes.Forced, run.Code);
        var reply = JsonSerializer.Deserialize(Assert.Single(run.OutLines), HostingJsonContext.Default.ControlReply)!;
        Assert.True(reply.Forced);
        var forced = Assert.Single(Assert.Single(reply.Services!).Forced!);
        Assert.Equal(1234, forced.Pid);
        var held = Assert.Single(forced.Held!.Entries);
        Assert.Equal(("GET", "/big.bin", 23_456_789L), (held.Method, held.Url, held.BytesSent!.Value));
    }

    [Fact]
    public async Task A_forced_service_restart_exits_3_too()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, ForcedResult());

        var run = await _cli.Wharf("service", "restart", "www", "--root", root.Path);

        Assert.Equal(ExitCodes.Forced, run.Code);
        Assert.Equal("www restarted, but forced: 1 process killed at the deadline", run.OutLines[^1]);
    }

    [Fact]
    public async Task A_clean_restart_still_exits_0_and_says_successfully()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, ForcedResult() with { Forced = null, Services = [] });

        var run = await _cli.Wharf("reset", "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal("Internet services successfully restarted", run.OutLines[^1]);
    }
}
