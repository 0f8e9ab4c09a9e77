using System.Text.Json;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

public sealed class ResetCommandTests
{
    private readonly CliRun _cli = new();

    private static ServiceStatus Running(string name, int pid, string? message = null) => new()
    {
        Name = name, State = ServiceState.Running, Pid = pid, UptimeSeconds = 1.2, Restarts = 1, Connections = 3, Message = message,
    };

    private static ControlReply Progress(string service, string message, double left) =>
        new() { Type = ControlReplyType.Progress, Service = service, Message = message, SecondsLeft = left };

    private static ControlReply Result(bool ok, string? message, params ServiceStatus[] services) =>
        new() { Type = ControlReplyType.Result, Ok = ok, Message = message, Services = services, ResetDisabled = false };

    private static ControlReply Error(string message) => new() { Type = ControlReplyType.Error, Message = message };

    [Fact]
    public async Task Restart_shows_progress_on_stderr_then_one_line_per_service_and_exits_0()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root,
            Progress("www", "Restarting www (pid 1234 → 1301), waiting for 1234 to finish", 17),
            Progress("ftp", "Restarting ftp (pid 1240 → 1302), waiting for 1240 to finish", 12.5),
            Result(true, "restart: done", Running("www", 1301, "restarted overlapped"), Running("ftp", 1302)));

        var run = await _cli.Wharf("reset", "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, run.Code);
        var request = await supervisor.Received;
        Assert.Equal(ControlCommand.Restart, request.Command);
        Assert.Null(request.TimeoutSeconds);
        Assert.True(request.Force);
        Assert.False(request.RebootOnError);
        Assert.Null(request.Service);

        Assert.Equal(
            ["Restarting www (pid 1234 → 1301), waiting for 1234 to finish: 17 s left",
             "Restarting ftp (pid 1240 → 1302), waiting for 1240 to finish: 13 s left"],
            run.ErrLines);
        Assert.Equal("Attempting restart...", run.OutLines[0]);
        Assert.Matches(@"^  www\s+Running\s+pid 1301\s+up 0:00:01\s+restarts 1\s+connections 3\s+restarted overlapped$", run.OutLines[1]);
        Assert.Matches(@"^  ftp\s+Running\s+pid 1302", run.OutLines[2]);
        Assert.Equal("Internet services successfully restarted", run.OutLines[3]);
        Assert.Equal(4, run.OutLines.Length);
    }

    [Fact]
    public async Task Iis_switches_reach_the_supervisor_as_a_request()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, Result(true, null, Running("www", 9)));

        var run = await _cli.Wharf("--root", root.Path, "reset", "/STOP", "/NOFORCE", "/TIMEOUT:90", "/REBOOTONERROR", "localhost");

        Assert.Equal(ExitCodes.Ok, run.Code);
        var request = await supervisor.Received;
        Assert.Equal(ControlCommand.Stop, request.Command);
        Assert.Equal(90, request.TimeoutSeconds);
        Assert.False(request.Force);
        Assert.True(request.RebootOnError);
        Assert.Equal("Attempting stop...", run.OutLines[0]);
        Assert.Equal("Internet services successfully stopped", run.OutLines[^1]);
    }

    [Theory]
    [InlineData("/start", "start")]
    [InlineData("/reboot", "reboot")]
    [InlineData("--enable", "enable")]
    [InlineData("--disable", "disable")]
    [InlineData("--status", "status")]
    public async Task Each_action_sends_its_command(string token, string command)
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, Result(true, null, Running("www", 9)));
        var run = await _cli.Wharf("reset", token, "--root", root.Path);
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(command, (await supervisor.Received).Command.Spelling());
    }

    [Fact]
    public async Task A_failed_reset_exits_1_and_names_the_service_and_why()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root,
            Result(false, "stop failed: www: still running at the deadline with 4 connections (/noforce)",
                new ServiceStatus { Name = "www", State = ServiceState.Stopping, Pid = 1234, Ok = false, Connections = 4, Message = "still running at the deadline with 4 connections (/noforce)" }));

        var run = await _cli.Wharf("reset", "/stop", "/noforce", "--root", root.Path);

        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Matches(@"^  www\s+Stopping\s+pid 1234\s+-\s+restarts 0\s+connections 4\s+FAILED: still running at the deadline", run.OutLines[1]);
        Assert.Equal("Stop attempt failed.", run.OutLines[2]);
        Assert.Equal("stop failed: www: still running at the deadline with 4 connections (/noforce)", run.OutLines[3]);
    }

    [Fact]
    public async Task Disabled_resets_exit_75_with_the_supervisors_words()
    {
        using var root = new TempRoot();
        const string message = "resets are disabled on this host (`wharf reset /disable`); run `wharf reset /enable` first";
        await using var supervisor = FakeSupervisor.Replying(root, Error(message));

        var run = await _cli.Wharf("reset", "--root", root.Path);

        Assert.Equal(ExitCodes.Disabled, run.Code);
        Assert.Equal([message], run.ErrLines);
    }

    [Fact]
    public async Task A_refusal_exits_77_and_shows_the_message_as_it_is()
    {
        using var root = new TempRoot();
        const string message = "access denied: user id 1000 may not administer Wharf. Run the command as root, as the user Wharf runs as (uid 0), or as a member of the 'wharf-admins' group.";
        await using var supervisor = FakeSupervisor.Replying(root, Error(message));

        var run = await _cli.Wharf("reset", "/status", "--root", root.Path);

        Assert.Equal(ExitCodes.AccessDenied, run.Code);
        Assert.Equal([message], run.ErrLines);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Any_other_error_reply_exits_1()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, Error("unknown command 'reboot'"));
        var run = await _cli.Wharf("reset", "/reboot", "--root", root.Path);
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Contains("unknown command 'reboot'", run.Err);
    }

    [Fact]
    public async Task Not_running_when_there_is_no_control_socket_exits_69()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("reset", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.Equal([$"Wharf is not running at {root.Path} (no control socket at {root.Path}/run/control.sock); start it with `wharf serve`"], run.ErrLines);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Not_running_when_the_socket_is_left_over_from_a_dead_supervisor()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Data.RunFolder);
        // Bound but not listening: connecting gets ECONNREFUSED, as with a socket file left by a
        // supervisor that was killed (.NET would unlink the file if this socket were disposed).
        using var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(root.Data.ControlSocket));

        var run = await _cli.Wharf("reset", "/status", "--root", root.Path);

        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.StartsWith("Wharf is not running at", run.Err);
    }

    [Fact]
    public async Task A_connection_closed_without_a_result_exits_1()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, Progress("www", "stopping www", 10));
        var run = await _cli.Wharf("reset", "--root", root.Path);
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Contains("closed the control connection before answering", run.Err);
    }

    [Fact]
    public async Task Json_prints_the_final_reply_alone_on_stdout()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root,
            Progress("www", "stopping www", 10),
            Result(true, "restart: done", Running("www", 1301)));

        var run = await _cli.Wharf("reset", "--json", "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, run.Code);
        var line = Assert.Single(run.OutLines);
        var reply = JsonSerializer.Deserialize(line, HostingJsonContext.Default.ControlReply)!;
        Assert.Equal(ControlReplyType.Result, reply.Type);
        Assert.True(reply.Ok);
        Assert.Equal(1301, Assert.Single(reply.Services!).Pid);
        Assert.Equal(["stopping www: 10 s left"], run.ErrLines);
    }

    [Fact]
    public async Task Json_keeps_the_exit_code_of_a_refusal()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, Error("resets are disabled on this host"));
        var run = await _cli.Wharf("reset", "--json", "--root", root.Path);
        Assert.Equal(ExitCodes.Disabled, run.Code);
        Assert.Equal(ControlReplyType.Error, JsonSerializer.Deserialize(Assert.Single(run.OutLines), HostingJsonContext.Default.ControlReply)!.Type);
    }

    [Fact]
    public async Task Status_prints_the_table_whether_resets_are_disabled_and_the_latest_events()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = true,
            Services = [Running("www", 1301) with { Listeners = ["0.0.0.0:80"] }, new ServiceStatus { Name = "ftp", State = ServiceState.Stopped }],
            ResetDisabled = true,
            Events = [new EventRecord { Time = DateTimeOffset.UnixEpoch, Service = "www", Event = EventName.Ready, Pid = 1301 }],
        });

        var run = await _cli.Wharf("reset", "/status", "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Matches(@"^SERVICE\s+STATE\s+PID\s+UPTIME\s+RESTARTS\s+CONNECTIONS\s+LISTENERS$", run.OutLines[0]);
        Assert.Matches(@"^www\s+Running\s+1301\s+0:00:01\s+1\s+3\s+0\.0\.0\.0:80$", run.OutLines[1]);
        Assert.Matches(@"^ftp\s+Stopped\s+-", run.OutLines[2]);
        Assert.Contains(run.OutLines, l => l.StartsWith("Resets are DISABLED", StringComparison.Ordinal));
        Assert.Matches(@"www\s+ready\s+\(pid 1301\)$", run.OutLines[^1]);
        Assert.DoesNotContain("Attempting", run.Out);
    }

    [Fact]
    public async Task Disable_prints_what_the_supervisor_says()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true, ResetDisabled = true,
            Message = "Resets are disabled and automatic restart is off until `wharf reset /enable`.",
        });
        var run = await _cli.Wharf("reset", "/disable", "--root", root.Path);
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(["Resets are disabled and automatic restart is off until `wharf reset /enable`."], run.OutLines);
    }

    [Fact]
    public async Task Interrupting_the_command_leaves_the_reset_to_the_supervisor_and_exits_130()
    {
        using var root = new TempRoot();
        var release = new TaskCompletionSource();
        using var interrupt = new CancellationTokenSource();
        await using var supervisor = FakeSupervisor.Scripted(root, async (_, send) =>
        {
            await send(Progress("www", "stopping www", 50));
            // Ctrl-C once the supervisor has the request and is working on it.
            await interrupt.CancelAsync();
            await release.Task;
        });

        var run = await _cli.Wharf(interrupt.Token, "reset", "/stop", "--root", root.Path);
        release.SetResult();

        Assert.Equal(130, run.Code);
        Assert.Contains("interrupted; Wharf carries on with the stop", run.Err);
    }

    [Fact]
    public async Task Help_exits_0_without_connecting()
    {
        using var root = new TempRoot();
        foreach (var help in new[] { "/?", "-?", "-h", "--help", "/HELP" })
        {
            var run = await _cli.Wharf("reset", help, "--root", root.Path);
            Assert.Equal(ExitCodes.Ok, run.Code);
            Assert.StartsWith("Usage: wharf reset", run.Out);
            Assert.Empty(run.Err);
        }
    }

    [Fact]
    public async Task A_bad_switch_exits_64_naming_it()
    {
        var run = await _cli.Wharf("reset", "/stop", "/frobnicate");
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Equal(["wharf reset: unknown switch '/frobnicate'; `wharf reset /?` lists them"], run.ErrLines);
    }

    [Fact]
    public async Task A_remote_disable_is_refused_before_anything_is_sent()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("reset", "far-away-host.example", "/disable", "--root", root.Path);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("/disable is refused remotely", run.Err);
    }

    [Fact]
    public async Task A_remote_computer_without_a_token_or_a_terminal_is_told_where_credentials_come_from()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("reset", "far-away-host.example:9999", "/stop", "--root", root.Path);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("no credentials for far-away-host.example:9999: give --token-file FILE or set WHARF_TOKEN", run.Err);
    }

    [Fact]
    public async Task The_local_hostname_is_not_remote()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("reset", Environment.MachineName, "/status", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, run.Code);
    }

    [Fact]
    public async Task A_data_root_too_deep_for_a_socket_path_is_explained()
    {
        var deep = "/tmp/" + new string('d', 120);
        var run = await _cli.Wharf("reset", "/status", "--root", deep);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("is too deep", run.Err);
        Assert.Contains("choose a shorter --root", run.Err);
    }
}
