using System.CommandLine;
using Wharf.Cli.Commands;
using Wharf.Cli.Reset;
using Wharf.Config;

namespace Wharf.Cli;

/// <summary>
/// wharf [--root DIR]
///   serve
///   service list | start NAME | stop NAME | restart NAME | run NAME (hidden)
///   reset [computername] [switches]   (parsed by ResetArguments; see ResetRoute)
///   then each service's own commands (<see cref="ICliModule"/>, listed in ServiceCatalog):
///   admin's `config` (Modules/Admin), www's `site`, `vdir` and `app` (Modules/Www).
/// </summary>
internal static class CommandTree
{
    public static RootCommand Create(CliHooks hooks, CliConsole console)
    {
        var root = new Option<string?>("--root")
        {
            Description = $"The data root (default: ${DataRoot.EnvironmentVariable}, else ./{DataRoot.LocalDefault} if it exists, else {DataRoot.InstalledDefault} if it exists, else ./{DataRoot.LocalDefault}).",
            HelpName = "DIR",
            Recursive = true,
        };

        var command = new RootCommand("Wharf: the Internet services host for Linux (WWW, FTP, SMTP, NNTP), in the manner of IIS.")
        {
            root,
        };
        foreach (var option in Remote.RemoteOptions.Create()) command.Add(option);

        var serve = new Command("serve", "Run the supervisor: hold the listening sockets, start and watch every service.");
        serve.SetAction((result, token) => hooks.Serve(ServiceCommands.FindRoot(result, root), token));
        command.Add(serve);

        command.Add(ServiceCommands.Create(root, hooks, console));
        command.Add(ResetHelpEntry(root, console));
        var context = new CliModuleContext(root, console);
        foreach (var module in hooks.Modules)
            foreach (var moduleCommand in module.CreateCommands(context))
                command.Add(moduleCommand);
        return command;
    }

    // Listed so `wharf --help` shows it; the command line is routed to ResetCommand before
    // System.CommandLine parses it (ResetRoute), so this action is only a fallback.
    private static Command ResetHelpEntry(Option<string?> root, CliConsole console)
    {
        var switches = new Argument<string[]>("switches")
        {
            Description = "/restart /start /stop /status /enable /disable /reboot /rebootonerror /noforce /timeout:N, or --stop, --timeout N, ...; `wharf reset /?` explains them.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var reset = new Command(ResetRoute.CommandName, "Restart, start, stop or show every service, as iisreset does (`wharf reset /?`).") { switches };
        reset.TreatUnmatchedTokensAsErrors = false;
        reset.SetAction((result, token) => ResetCommand.RunAsync(
            [.. result.GetValue(switches) ?? [], .. result.UnmatchedTokens], result.GetValue(root), console, token));
        return reset;
    }
}
