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
///   config validate [FILE]   (offline)
///   config show [PATH] | set PATH VALUE | remove PATH | edit | status | history | diff V1 [V2]
///          | rollback V | backup NAME | backups | restore NAME   (admin API on run/admin.sock)
///   site list | show NAME | add NAME --path DIR --binding B... | remove NAME | start NAME | stop NAME
///        | set NAME KEY=VALUE... | binding add NAME B | binding remove NAME B   (admin API)
///   vdir list [SITE] | add SITE/PATH --path DIR | remove SITE/PATH   (admin API)
///   app list [SITE] | add SITE/PATH --path DIR [--pool P] | remove SITE/PATH   (admin API)
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

        var serve = new Command("serve", "Run the supervisor: hold the listening sockets, start and watch every service.");
        serve.SetAction((result, token) => hooks.Serve(ServiceCommands.FindRoot(result, root), token));
        command.Add(serve);

        command.Add(ServiceCommands.Create(root, hooks, console));
        command.Add(ResetHelpEntry(root, console));
        command.Add(ConfigCommands.Create(root, console));
        command.Add(SiteCommands.Create(root, console));
        command.Add(VdirCommands.Create(root, console));
        command.Add(AppCommands.Create(root, console));
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
