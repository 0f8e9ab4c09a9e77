using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Admin;

/// <summary>How a command shows a successful answer; returns the exit code.</summary>
internal delegate int AdminRenderer(JsonNode? body, AdminReply reply, CliConsole console);

/// <summary>
/// Sends one admin API request and turns the answer into output and an exit code. With
/// <c>--json</c> stdout gets the API's JSON exactly as received (one document, error answers
/// too) and the exit code is the same as without it.
/// </summary>
internal static class AdminCommandRunner
{
    public static async Task<int> RunAsync(
        DataRoot root, AdminRequest request, bool json, CliConsole console, AdminRenderer render,
        Func<JsonNode?, int>? exitCodeOf, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(root);
        var call = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (call.Reply is not { } reply)
        {
            console.Error.WriteLine(call.Failure);
            return call.ExitCode;
        }

        if (json && !string.IsNullOrWhiteSpace(reply.Body)) console.Out.WriteLine(reply.Body.Trim());
        if (!reply.IsSuccess) return AdminFailures.Report(request, reply, console.Error);

        JsonNode? body;
        try { body = reply.Json(); }
        catch (JsonException e)
        {
            console.Error.WriteLine($"the admin service sent an answer this command does not understand ({e.Message}); are the command and the running Wharf the same version?");
            return ExitCodes.Failed;
        }
        return json ? exitCodeOf?.Invoke(body) ?? ExitCodes.Ok : render(body, reply, console);
    }
}
