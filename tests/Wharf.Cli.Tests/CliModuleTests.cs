using System.CommandLine;
using System.Text.RegularExpressions;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Admin;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>The command tree knows no service's commands: each comes from the module ServiceCatalog lists.</summary>
public sealed class CliModuleTests
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task A_module_s_commands_follow_the_shared_ones_in_the_order_the_modules_are_listed()
    {
        _cli.Modules.Clear();
        _cli.Modules.AddRange([new GopherModule(), new AdminCliModule()]);

        var run = await _cli.Wharf("--help");

        Assert.Equal(ExitCodes.Ok, run.Code);
        var listed = run.Out[run.Out.IndexOf("Commands:", StringComparison.Ordinal)..];
        var commands = Regex.Matches(listed, @"(?m)^  ([a-z]+)\b").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["serve", "service", "reset", "gopher", "config", "admin"], commands);
    }

    [Fact]
    public async Task A_module_s_command_runs_with_the_shared_root_option()
    {
        using var root = new TempRoot();
        _cli.Modules.Add(new GopherModule());

        var run = await _cli.Wharf("--root", root.Path, "gopher");

        Assert.Equal(7, run.Code);
        Assert.Equal($"gopher at {root.Path}\n", run.Out);
    }

    [Fact]
    public async Task Without_www_s_module_there_is_no_site_command()
    {
        _cli.Modules.RemoveAll(m => m is not AdminCliModule);

        var run = await _cli.Wharf("site", "list");

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("site", run.Err);
    }

    private sealed class GopherModule : ICliModule
    {
        public IEnumerable<Command> CreateCommands(CliModuleContext context)
        {
            var gopher = new Command("gopher", "A service this test makes up.");
            gopher.SetAction(result =>
            {
                context.Console.Out.WriteLine($"gopher at {ServiceCommands.FindRoot(result, context.Root).Path}");
                return 7;
            });
            return [gopher];
        }
    }
}
