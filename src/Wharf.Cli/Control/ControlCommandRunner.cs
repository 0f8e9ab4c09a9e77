using System.Net.Sockets;
using System.Text.Json;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Control;

/// <summary>
/// Sends one control request and turns what comes back into output and an exit code:
/// progress on stderr as it arrives, the report on stdout (or the final reply as JSON),
/// refusals and failures on stderr in plain words.
/// </summary>
internal static class ControlCommandRunner
{
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(DataRoot root, ControlOperation operation, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        var connect = await ControlClient.ConnectAsync(root, cancellationToken).ConfigureAwait(false);
        if (connect.Client is not { } client)
        {
            console.Error.WriteLine(connect.Message);
            return connect.Failure switch
            {
                ConnectFailure.AccessDenied => ExitCodes.AccessDenied,
                ConnectFailure.SocketPathTooLong => ExitCodes.Usage,
                _ => ExitCodes.NotRunning,
            };
        }

        await using (client.ConfigureAwait(false))
        {
            if (!json && operation.Announcement is { } announcement) console.Out.WriteLine(announcement);

            var progress = new ProgressWriter(console.Error, console.ErrorIsTerminal, console.TerminalWidth);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(operation.IdleLimit);
            ControlReply? final = null;
            try
            {
                await foreach (var reply in client.SendAsync(operation.Request, idle.Token).ConfigureAwait(false))
                {
                    idle.CancelAfter(operation.IdleLimit);
                    switch (reply.Type)
                    {
                        case ControlReplyType.Progress: progress.Write(reply); break;
                        case ControlReplyType.Result or ControlReplyType.Error: final = reply; break;
                            // A newer supervisor may say more; what this command does not know it skips.
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress.Finish();
                console.Error.WriteLine($"interrupted; Wharf carries on with the {operation.Request.Command.Spelling()} (see `wharf reset /status`)");
                return Interrupted;
            }
            catch (OperationCanceledException)
            {
                progress.Finish();
                console.Error.WriteLine($"Wharf is not answering on {root.ControlSocket}: nothing for {operation.IdleLimit.TotalSeconds:0} s");
                return ExitCodes.NotRunning;
            }
            catch (InvalidDataException e)
            {
                progress.Finish();
                console.Error.WriteLine($"Wharf sent a reply this command does not understand ({e.Message}); are the command and the running supervisor the same version?");
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The connection broke: reported below as an answer that never came.
            }

            progress.Finish();
            return Finish(final, operation, json, console);
        }
    }

    private static int Finish(ControlReply? final, ControlOperation operation, bool json, CliConsole console)
    {
        if (final is null)
        {
            console.Error.WriteLine($"Wharf closed the control connection before answering the {operation.Request.Command.Spelling()} (the supervisor may have restarted or stopped); see `wharf reset /status`");
            return ExitCodes.Failed;
        }

        if (json) console.Out.WriteLine(JsonSerializer.Serialize(final, HostingJsonContext.Default.ControlReply));

        if (final.Type == ControlReplyType.Error)
        {
            var message = string.IsNullOrEmpty(final.Message) ? "Wharf refused the request without saying why" : final.Message;
            console.Error.WriteLine(message);
            return ExitCodeOfError(message);
        }

        if (!json)
            foreach (var line in operation.Report(final)) console.Out.WriteLine(line);
        // A forced success is told apart, so that a script knows something was cut.
        return ExitCodes.Of(final);
    }

    internal static int ExitCodeOfError(string message) => ExitCodes.OfError(message);
}
