using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

public sealed class CommandTreeTests
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task Serve_calls_the_hook_with_the_data_root()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("serve", "--root", root.Path);
        Assert.Equal(41, run.Code);
        Assert.Equal([$"serve {root.Path}"], _cli.Calls);
    }

    [Fact]
    public async Task Root_may_come_before_the_command()
    {
        using var root = new TempRoot();
        await _cli.Wharf("--root", root.Path, "serve");
        Assert.Equal([$"serve {root.Path}"], _cli.Calls);
    }

    [Fact]
    public async Task Service_run_calls_the_hook()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("service", "run", "www", "--root", root.Path);
        Assert.Equal(42, run.Code);
        Assert.Equal([$"run www {root.Path}"], _cli.Calls);
    }

    [Fact]
    public async Task Service_run_is_hidden_from_help()
    {
        var run = await _cli.Wharf("service", "--help");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Contains("list", run.Out);
        Assert.Contains("restart", run.Out);
        Assert.DoesNotMatch(@"(?m)^\s+run\b", run.Out);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var run = await _cli.Wharf("--help");
        Assert.Equal(ExitCodes.Ok, run.Code);
        foreach (var command in new[] { "serve", "service", "reset", "config", "site", "vdir", "--root", "--version" })
            Assert.Contains(command, run.Out);
    }

    [Fact]
    public async Task Version_exits_0()
    {
        var run = await _cli.Wharf("--version");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.NotEmpty(run.Out.Trim());
    }

    [Fact]
    public async Task Wharf_alone_shows_the_commands_and_exits_64()
    {
        var run = await _cli.Wharf();
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Empty(run.Out);
        Assert.Contains("reset", run.Err);
        Assert.Contains("serve", run.Err);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("service")]
    [InlineData("service start")]
    [InlineData("service stop www --timeout 0")]
    [InlineData("service stop www --timeout soon")]
    [InlineData("serve --bogus")]
    public async Task A_wrong_command_line_exits_64(string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var run = await _cli.Wharf(args);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("wharf --help", run.Err);
        Assert.Empty(_cli.Calls);
    }

    [Fact]
    public async Task Service_restart_sends_one_service_with_its_switches()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true,
            Services = [new ServiceStatus { Name = "www", State = ServiceState.Running, Pid = 7 }],
        });

        var run = await _cli.Wharf("service", "restart", "www", "--timeout", "5", "--no-force", "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, run.Code);
        var request = await supervisor.Received;
        Assert.Equal(ControlCommand.ServiceRestart, request.Command);
        Assert.Equal("www", request.Service);
        Assert.Equal(5, request.TimeoutSeconds);
        Assert.False(request.Force);
        Assert.Equal("Attempting restart of www...", run.OutLines[0]);
        Assert.Equal("www successfully restarted", run.OutLines[^1]);
    }

    [Theory]
    [InlineData("start", ControlCommand.ServiceStart, "www successfully started")]
    [InlineData("stop", ControlCommand.ServiceStop, "www successfully stopped")]
    public async Task Service_start_and_stop(string verb, ControlCommand command, string last)
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, new ControlReply { Type = ControlReplyType.Result, Ok = true, Services = [] });
        var run = await _cli.Wharf("--root", root.Path, "service", verb, "www");
        Assert.Equal(ExitCodes.Ok, run.Code);
        var request = await supervisor.Received;
        Assert.Equal(command, request.Command);
        Assert.True(request.Force);
        Assert.Null(request.TimeoutSeconds);
        Assert.Equal(last, run.OutLines[^1]);
    }

    [Fact]
    public async Task Service_unknown_to_the_supervisor_exits_1()
    {
        using var root = new TempRoot();
        await using var supervisor = FakeSupervisor.Replying(root, new ControlReply { Type = ControlReplyType.Error, Message = "no service named 'gopher'; services: www, ftp" });
        var run = await _cli.Wharf("service", "start", "gopher", "--root", root.Path);
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal(["no service named 'gopher'; services: www, ftp"], run.ErrLines);
    }

    [Fact]
    public async Task Service_list_prints_the_table_or_json()
    {
        using var root = new TempRoot();
        var reply = new ControlReply
        {
            Type = ControlReplyType.Result, Ok = true,
            Services = [new ServiceStatus { Name = "smtp", State = ServiceState.Running, Pid = 55, Listeners = ["0.0.0.0:25"] }],
        };
        await using (var supervisor = FakeSupervisor.Replying(root, reply))
        {
            var run = await _cli.Wharf("service", "list", "--root", root.Path);
            Assert.Equal(ExitCodes.Ok, run.Code);
            Assert.Equal(ControlCommand.Status, (await supervisor.Received).Command);
            Assert.StartsWith("SERVICE", run.OutLines[0]);
            Assert.Matches(@"^smtp\s+Running\s+55", run.OutLines[1]);
        }
        await using (var supervisor = FakeSupervisor.Replying(root, reply))
        {
            var run = await _cli.Wharf("service", "list", "--json", "--root", root.Path);
            Assert.Equal(ExitCodes.Ok, run.Code);
            Assert.StartsWith("{\"type\":\"result\"", Assert.Single(run.OutLines));
        }
    }

    [Fact]
    public async Task Service_list_when_not_running_exits_69()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("service", "list", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, run.Code);
        Assert.Contains("start it with `wharf serve`", run.Err);
    }
}
