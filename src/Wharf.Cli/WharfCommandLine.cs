using System.CommandLine;
using System.CommandLine.Invocation;
using Wharf.Cli.Commands;
using Wharf.Cli.Remote;
using Wharf.Cli.Reset;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary>
/// The `wharf` command line. The executable calls <see cref="RunAsync(string[], CliHooks)"/> with
/// its arguments and the hooks that run the supervisor and the service processes.
/// </summary>
internal static class WharfCommandLine
{
    public static async Task<int> RunAsync(string[] args, CliHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(hooks);
        using var signals = new TerminationSignals();
        var console = CliConsole.FromSystemConsole() with { HandTerminalToChild = signals.HandTerminalToChild };
        return await RunAsync(args, hooks, console, signals.Token).ConfigureAwait(false);
    }

    internal static async Task<int> RunAsync(IReadOnlyList<string> args, CliHooks hooks, CliConsole console, CancellationToken cancellationToken)
    {
        if (ResetRoute.TryMatch(args, out var resetTokens, out var resetRoot, out var routeError))
        {
            if (routeError is not null)
            {
                console.Error.WriteLine($"wharf reset: {routeError}");
                return ExitCodes.Usage;
            }
            return await ResetCommand.RunAsync(resetTokens, resetRoot, console, cancellationToken).ConfigureAwait(false);
        }

        var tree = CommandTree.Create(hooks, console);
        if (args.Count == 0)
        {
            // `wharf` alone: what is this and what can it do.
            await tree.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = console.Error }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var parsed = tree.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction or null)
        {
            foreach (var error in parsed.Errors) console.Error.WriteLine($"wharf: {error.Message}");
            console.Error.WriteLine("Run `wharf --help` for the commands, `wharf reset /?` for reset's switches.");
            return ExitCodes.Usage;
        }

        var (remote, remoteProblem) = RemoteOptions.Target(parsed, console);
        if (remoteProblem is not null)
        {
            console.Error.WriteLine($"wharf: {remoteProblem}");
            return ExitCodes.Usage;
        }
        using var remoteScope = remote?.Use();
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Ctrl+C and SIGTERM cancel the token (TerminationSignals); System.CommandLine must not
            // kill the process two seconds later while `wharf serve` stops its services.
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
