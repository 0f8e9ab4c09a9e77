using Wharf.Cli.Control;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Reset;

/// <summary>`wharf reset`: iisreset for Wharf, over the supervisor's control socket.</summary>
internal static class ResetCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> tokens, string? rootOption, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(tokens, rootOption, LocalComputer.OwnNames(), console, cancellationToken);

    /// <summary>
    /// Another computer, or this one named with a port (`wharf reset 127.0.0.1:8172`), is reset over
    /// its admin endpoint (HTTPS); this one by name alone goes through the control socket.
    /// </summary>
    private static bool IsRemote(string computer, IEnumerable<string> ownNames) =>
        Remote.RemoteTarget.NamesPort(computer) || !LocalComputer.IsLocal(computer, ownNames);

    public static async Task<int> RunAsync(IReadOnlyList<string> tokens, string? rootOption, IEnumerable<string> ownNames, CliConsole console, CancellationToken cancellationToken)
    {
        var parsed = ResetArguments.Parse(tokens);
        if (!parsed.IsValid)
        {
            console.Error.WriteLine($"wharf reset: {parsed.Error}");
            return ExitCodes.Usage;
        }

        var options = parsed.Options;
        if (options.Help)
        {
            console.Out.Write(ResetHelp.Text);
            return ExitCodes.Ok;
        }

        if (options.ComputerName is { } computer && IsRemote(computer, ownNames))
        {
            var (target, problem) = Remote.RemoteTarget.Parse(computer);
            if (target is null)
            {
                console.Error.WriteLine($"wharf reset: {problem}");
                return ExitCodes.Usage;
            }
            target = target with
            {
                TokenFile = options.TokenFile,
                CaFile = options.CaFile,
                AcceptNewHost = options.AcceptNewHost,
                Console = console,
            };
            return await Remote.RemoteReset.RunAsync(target, options, console, cancellationToken).ConfigureAwait(false);
        }

        var root = DataRoot.Find(rootOption);
        return await ControlCommandRunner.RunAsync(root, Operation(options), options.Json, console, cancellationToken).ConfigureAwait(false);
    }

    internal static ControlOperation Operation(ResetOptions options)
    {
        var request = new ControlRequest
        {
            Command = Command(options.Action),
            TimeoutSeconds = options.TimeoutSeconds,
            Force = options.Force,
            RebootOnError = options.RebootOnError,
        };
        return options.Action switch
        {
            ResetAction.Status => new(request, null, StatusRenderer.StatusReport),
            ResetAction.Enable or ResetAction.Disable => new(request, null, reply => [ReportDisabled(reply, options.Action)]),
            _ => new(request, Announcement(options.Action), reply => Report(reply, options.Action)),
        };
    }

    internal static ControlCommand Command(ResetAction action) => action switch
    {
        ResetAction.Restart => ControlCommand.Restart,
        ResetAction.Start => ControlCommand.Start,
        ResetAction.Stop => ControlCommand.Stop,
        ResetAction.Status => ControlCommand.Status,
        ResetAction.Enable => ControlCommand.Enable,
        ResetAction.Disable => ControlCommand.Disable,
        ResetAction.Reboot => ControlCommand.Reboot,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    // iisreset's own words: "Attempting stop..." / "Internet services successfully stopped".
    private static string Announcement(ResetAction action) => action switch
    {
        ResetAction.Reboot => "Attempting to restart the supervisor in place...",
        _ => $"Attempting {Command(action).Spelling()}...",
    };

    internal static IReadOnlyList<string> Report(ControlReply reply, ResetAction action)
    {
        var lines = new List<string>(StatusRenderer.ServiceLines(reply.Services ?? []));
        lines.AddRange(ForcedLines.For(reply));
        lines.Add(!reply.Ok ? Failure(action) : reply.Forced == true ? ForcedLines.Summary(Done(action), reply) : Success(action));
        // On success the per-service lines say it all; on failure the message names who and why.
        if (!reply.Ok && !string.IsNullOrEmpty(reply.Message)) lines.Add(reply.Message);
        return lines;
    }

    private static string Success(ResetAction action) => action switch
    {
        ResetAction.Restart => "Internet services successfully restarted",
        ResetAction.Start => "Internet services successfully started",
        ResetAction.Stop => "Internet services successfully stopped",
        ResetAction.Reboot => "Wharf supervisor successfully restarted in place",
        _ => "Done",
    };

    private static string Done(ResetAction action) => action switch
    {
        ResetAction.Restart => "Internet services restarted",
        ResetAction.Start => "Internet services started",
        ResetAction.Stop => "Internet services stopped",
        ResetAction.Reboot => "Wharf supervisor restarted in place",
        _ => "Done",
    };

    private static string Failure(ResetAction action) => action switch
    {
        ResetAction.Reboot => "Reboot attempt failed.",
        _ => $"{char.ToUpperInvariant(Command(action).Spelling()[0])}{Command(action).Spelling()[1..]} attempt failed.",
    };

    private static string ReportDisabled(ControlReply reply, ResetAction action)
    {
        if (!string.IsNullOrEmpty(reply.Message)) return reply.Message;
        var disabled = reply.ResetDisabled ?? action == ResetAction.Disable;
        return disabled ? StatusRenderer.DisabledLine : StatusRenderer.EnabledLine;
    }
}
