using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Rendering;
using Wharf.Cli.Reset;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Remote;

/// <summary>
/// `wharf reset COMPUTER[:PORT]`: the reset over the remote host's admin endpoint (<c>POST
/// /api/reset</c>, its progress read line by line as it drains), with the same progress, the same
/// report and the same exit code as a local reset. /disable and /enable are refused before
/// anything is sent: as with iisreset, they are given on the machine itself.
/// </summary>
internal static class RemoteReset
{
    public static async Task<int> RunAsync(RemoteTarget target, ResetOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        if (options.Action is ResetAction.Enable or ResetAction.Disable)
        {
            var word = options.Action == ResetAction.Enable ? "enable" : "disable";
            console.Error.WriteLine($"wharf reset {target.Name}: /{word} is refused remotely, as iisreset refuses it; run `wharf reset /{word}` on that host");
            return ExitCodes.Usage;
        }
        using var connection = new RemoteConnection(target);
        return options.Action == ResetAction.Status
            ? await StatusAsync(connection, options, console, cancellationToken).ConfigureAwait(false)
            : await ResetAsync(connection, options, console, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> StatusAsync(RemoteConnection connection, ResetOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "api/services");
        var call = await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (call.Reply is not { } reply)
        {
            console.Error.WriteLine(call.Failure);
            return call.ExitCode;
        }
        if (!reply.IsSuccess)
        {
            using var _ = connection.Target.Use();
            return AdminFailures.Report(new AdminRequest(HttpMethod.Get, "api/services"), reply, console.Error);
        }
        if (options.Json)
        {
            console.Out.WriteLine(reply.Body.Trim());
            return ExitCodes.Ok;
        }
        var body = reply.Json();
        foreach (var service in body?["services"]?.AsArray() ?? [])
            console.Out.WriteLine(ServiceLine(service));
        if (body?["disabled"]?.GetValue<bool>() == true) console.Out.WriteLine(StatusRenderer.DisabledLine);
        return ExitCodes.Ok;
    }

    private static async Task<int> ResetAsync(RemoteConnection connection, ResetOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var command = ResetCommand.Command(options.Action);
        var body = new JsonObject { ["action"] = command.Spelling(), ["noForce"] = !options.Force };
        if (options.TimeoutSeconds is { } seconds) body["timeoutSeconds"] = seconds;
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/reset")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var (response, failure) = await connection.OpenAuthenticatedAsync(message, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            console.Error.WriteLine(failure!.Failure);
            return failure.ExitCode;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var reply = new AdminReply((int)response.StatusCode, null, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                using var _ = connection.Target.Use();
                return AdminFailures.Report(new AdminRequest(HttpMethod.Post, "api/reset"), reply, console.Error);
            }
            if (!options.Json) console.Out.WriteLine(options.Action == ResetAction.Reboot ? "Attempting to restart the supervisor in place..." : $"Attempting {command.Spelling()}...");
            var progress = new ProgressWriter(console.Error, console.ErrorIsTerminal, console.TerminalWidth);
            JsonNode? result = null;
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line.Length == 0) continue;
                    var item = JsonNode.Parse(line);
                    switch ((string?)item?["kind"])
                    {
                        case "progress":
                            progress.Write(new ControlReply
                            {
                                Type = ControlReplyType.Progress,
                                Service = (string?)item!["service"],
                                Message = (string?)item["message"],
                                SecondsLeft = (double?)item["secondsLeft"],
                            });
                            break;
                        case "result":
                            result = item;
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress.Finish();
                console.Error.WriteLine($"interrupted; {connection.Target.Name} carries on with the {command.Spelling()} (see `wharf reset {connection.Target.Name} /status`)");
                return Control.ControlCommandRunner.Interrupted;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
            {
                // Reported below as a result that never came.
            }
            progress.Finish();
            if (result is null)
            {
                console.Error.WriteLine($"{connection.Target.Name} closed the connection before the {command.Spelling()} ended; see `wharf reset {connection.Target.Name} /status`");
                return ExitCodes.Failed;
            }
            if (options.Json)
            {
                console.Out.WriteLine(result.ToJsonString());
            }
            else
            {
                foreach (var service in result["services"]?.AsArray() ?? []) console.Out.WriteLine(ServiceLine(service));
                var ok = result["ok"]?.GetValue<bool>() == true;
                var forced = result["forced"]?.GetValue<bool>() == true;
                if (!ok || forced) console.Out.WriteLine((string?)result["message"]);
                console.Out.WriteLine(!ok ? $"{command.Spelling()} attempt failed." : forced ? "Done, but forced: see above" : Done(options.Action));
            }
            return result["exitCode"] is JsonValue code && code.TryGetValue(out int exit) ? exit : ExitCodes.Failed;
        }
    }

    private static string Done(ResetAction action) => action switch
    {
        ResetAction.Restart => "Internet services successfully restarted",
        ResetAction.Start => "Internet services successfully started",
        ResetAction.Stop => "Internet services successfully stopped",
        ResetAction.Reboot => "Wharf supervisor successfully restarted in place",
        _ => "Done",
    };

    private static string ServiceLine(JsonNode? service) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(string?)service?["name"]}: {(string?)service?["state"]}{(service?["pid"] is JsonValue pid ? $" (pid {pid})" : "")}");
}
