using System.CommandLine;
using Wharf.Cli.Control;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Commands;

/// <summary>`wharf service list|start|stop|restart NAME` and the hidden `wharf service run NAME`.</summary>
internal static class ServiceCommands
{
    public static Command Create(Option<string?> root, CliHooks hooks, CliConsole console)
    {
        var service = new Command("service", "List, start, stop or restart one service (www, ftp, smtp, nntp, admin).");

        var json = JsonOption();
        var list = new Command("list", "List every service: state, process id, uptime, restarts, connections, listeners.") { json };
        list.SetAction((result, token) => Remote.RemoteTarget.Current is not null
            ? Admin.AdminCommandRunner.RunAsync(FindRoot(result, root), new Admin.AdminRequest(HttpMethod.Get, "api/services"), result.GetValue(json), console,
                (body, _, c) => RemoteLines(c, body), null, token)
            : ControlCommandRunner.RunAsync(
            FindRoot(result, root),
            new ControlOperation(new ControlRequest { Command = ControlCommand.Status }, null, reply => StatusRenderer.ServiceTable(reply.Services ?? [])),
            result.GetValue(json), console, token));
        service.Add(list);

        service.Add(OneService("start", ControlCommand.ServiceStart, "Start one service (also clears a Failed state at once).", root, console, stops: false));
        service.Add(OneService("stop", ControlCommand.ServiceStop, "Stop one service; it stays stopped until started, across restarts of Wharf.", root, console, stops: true));
        service.Add(OneService("restart", ControlCommand.ServiceRestart, "Restart one service, overlapped where it can be.", root, console, stops: true));

        var name = new Argument<string>("NAME");
        var run = new Command("run", "Run one service process (the supervisor starts these).") { name };
        run.Hidden = true;
        run.SetAction(result => hooks.RunService(result.GetValue(name)!, FindRoot(result, root)));
        service.Add(run);

        return service;
    }

    private static Command OneService(string verb, ControlCommand command, string description, Option<string?> root, CliConsole console, bool stops)
    {
        var name = new Argument<string>("NAME") { Description = "The service: www, ftp, smtp, nntp or admin." };
        var timeout = new Option<int?>("--timeout")
        {
            HelpName = "SECONDS",
            Description = "Seconds the old process has to finish before it is killed (default 20 for a restart, 60 for a stop).",
        };
        timeout.Validators.Add(r =>
        {
            // An unparsable value is System.CommandLine's own error; this catches 0 and negatives.
            if (r.Tokens is [var token] && int.TryParse(token.Value, out var seconds) && seconds <= 0)
                r.AddError($"--timeout must be a positive whole number of seconds, not '{token.Value}'");
        });
        var noForce = new Option<bool>("--no-force") { Description = "Do not kill a process still running at the deadline; report failure instead." };
        var json = JsonOption();

        var cmd = new Command(verb, description) { name, timeout };
        if (stops) cmd.Add(noForce);
        cmd.Add(json);
        cmd.SetAction((result, token) =>
        {
            var service = result.GetValue(name)!;
            if (Remote.RemoteTarget.Current is not null)
                // Over the remote host's admin API (it waits until the operation is done, as the control socket does).
                return Admin.AdminCommandRunner.RunAsync(FindRoot(result, root),
                    new Admin.AdminRequest(HttpMethod.Post, $"api/services/{Uri.EscapeDataString(service)}/{verb}"), result.GetValue(json), console,
                    (body, _, c) =>
                    {
                        c.Out.WriteLine((string?)body?["message"] is { Length: > 0 } said ? said : $"{service} successfully {Past(verb)}");
                        return ExitCodes.Ok;
                    }, null, token);
            var request = new ControlRequest
            {
                Command = command,
                Service = service,
                TimeoutSeconds = result.GetValue(timeout),
                Force = !(stops && result.GetValue(noForce)),
            };
            return ControlCommandRunner.RunAsync(
                FindRoot(result, root),
                new ControlOperation(request, $"Attempting {verb} of {service}...", reply => Report(reply, verb, service)),
                result.GetValue(json), console, token);
        });
        return cmd;
    }

    private static IReadOnlyList<string> Report(ControlReply reply, string verb, string service)
    {
        var lines = new List<string>(StatusRenderer.ServiceLines(reply.Services ?? []));
        lines.AddRange(ForcedLines.For(reply));
        lines.Add(!reply.Ok ? $"{service}: {verb} attempt failed."
            : reply.Forced == true ? ForcedLines.Summary($"{service} {Past(verb)}", reply)
            : $"{service} successfully {Past(verb)}");
        if (!reply.Ok && !string.IsNullOrEmpty(reply.Message)) lines.Add(reply.Message);
        return lines;
    }

    private static string Past(string verb) => verb switch
    {
        "stop" => "stopped",
        _ => verb + "ed",
    };

    private static int RemoteLines(CliConsole console, System.Text.Json.Nodes.JsonNode? body)
    {
        foreach (var s in body?["services"]?.AsArray() ?? [])
            console.Out.WriteLine($"{(string?)s?["name"]}: {(string?)s?["state"]}{(s?["pid"] is System.Text.Json.Nodes.JsonValue pid ? $" (pid {pid})" : "")}");
        return ExitCodes.Ok;
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON, for scripts." };

    internal static DataRoot FindRoot(ParseResult result, Option<string?> root) => DataRoot.Find(result.GetValue(root));
}
