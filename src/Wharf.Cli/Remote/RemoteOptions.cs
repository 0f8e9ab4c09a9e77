using System.CommandLine;

namespace Wharf.Cli.Remote;

/// <summary>
/// <c>--computer HOST[:PORT]</c> and how to reach it, on every command that talks to the admin
/// API: the command then sends the same requests over HTTPS to that host (docs/admin-security.md).
/// </summary>
internal static class RemoteOptions
{
    private static Option<string?> Computer() => new("--computer")
    {
        Description = $"Administer another host through its admin endpoint (HTTPS, port {RemoteTarget.DefaultPort} unless given).",
        HelpName = "HOST[:PORT]",
        Recursive = true,
    };

    private static Option<string?> TokenFile() => new("--token-file")
    {
        Description = $"With --computer: the API token, first line of this file (else ${RemoteTarget.TokenVariable}, else a login is asked for).",
        HelpName = "FILE",
        Recursive = true,
    };

    private static Option<string?> CaFile() => new("--ca-file")
    {
        Description = "With --computer: trust the host's certificate if it chains to a CA in this PEM file (instead of pinning it).",
        HelpName = "FILE",
        Recursive = true,
    };

    private static Option<bool> AcceptNewHost() => new("--accept-new-host")
    {
        Description = "With --computer: pin a host's certificate seen for the first time without asking (a changed one is still refused).",
        Recursive = true,
    };

    /// <summary>New options for one command tree (an option belongs to the tree it is added to).</summary>
    public static IEnumerable<Option> Create() => [Computer(), TokenFile(), CaFile(), AcceptNewHost()];

    /// <summary>The remote host the command line names, or none; a problem when --computer is malformed.</summary>
    public static (RemoteTarget? Target, string? Problem) Target(ParseResult parsed, CliConsole console)
    {
        // By name: each tree has its own instances of the options.
        if (parsed.GetValue<string?>("--computer") is not { } computer) return (null, null);
        var (target, problem) = RemoteTarget.Parse(computer);
        if (target is null) return (null, $"--computer {problem}");
        return (target with
        {
            TokenFile = parsed.GetValue<string?>("--token-file"),
            CaFile = parsed.GetValue<string?>("--ca-file"),
            AcceptNewHost = parsed.GetValue<bool>("--accept-new-host"),
            Console = console,
        }, null);
    }
}
