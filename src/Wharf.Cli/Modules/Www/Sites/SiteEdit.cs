using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>What a site command decides to do with the configuration it read.</summary>
internal abstract record SitePlan
{
    private SitePlan() { }

    /// <summary>Send this change (made against the version read) and say <paramref name="Summary"/> when it is committed.</summary>
    public sealed record Change(AdminRequest Request, string Summary) : SitePlan;

    /// <summary>The configuration already says so: nothing is sent.</summary>
    public sealed record AlreadySo(string Message) : SitePlan;

    /// <summary>Nothing can be done (no such site, binding or virtual directory): the message and exit code.</summary>
    public sealed record Refused(string Message, int ExitCode) : SitePlan;

    public static SitePlan NotFound(string message) => new Refused(message, ExitCodes.Failed);
}

/// <summary>
/// Read, decide, write: every `wharf site` and `wharf vdir` change reads the whole configuration
/// with its version, works out the change on what it read, and sends it with <c>If-Match</c> of
/// that version, so a change made meanwhile by another administrator is never overwritten. On
/// 412 it reads again and decides again, once; a second conflict is reported (exit 75).
/// </summary>
internal static class SiteEdit
{
    public static async Task<int> RunAsync(
        DataRoot root, Func<JsonNode, long?, SitePlan> decide, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(root);
        for (var attempt = 1; ; attempt++)
        {
            var (document, version, failure) = await ReadAsync(client, console, cancellationToken).ConfigureAwait(false);
            if (document is null) return failure;

            switch (decide(document, version))
            {
                case SitePlan.Refused refused:
                    // With --json, stdout holds one document whatever happens, as the API's own errors do.
                    if (json) console.Out.WriteLine(JsonText.OneLineOf(new JsonObject { ["error"] = refused.Message }));
                    console.Error.WriteLine(refused.Message);
                    return refused.ExitCode;
                case SitePlan.AlreadySo already:
                    var said = version is { } v ? $"{already.Message} (version {v}); nothing was changed" : $"{already.Message}; nothing was changed";
                    // The shape of the API's answer to a change that changes nothing.
                    console.Out.WriteLine(json
                        ? JsonText.OneLineOf(new JsonObject
                        {
                            ["version"] = version,
                            ["previousVersion"] = version,
                            ["changes"] = new JsonArray(),
                            ["applied"] = new JsonArray(),
                            ["ok"] = true,
                            ["message"] = said,
                        })
                        : said);
                    return ExitCodes.Ok;
                case SitePlan.Change change:
                    var sent = await client.SendAsync(change.Request, cancellationToken).ConfigureAwait(false);
                    if (sent.Reply is not { } reply)
                    {
                        console.Error.WriteLine(sent.Failure);
                        return sent.ExitCode;
                    }
                    if (reply.Status == 412 && attempt == 1)
                    {
                        var now = AdminFailures.ErrorAnswer.Read(reply).CurrentVersion;
                        console.Error.WriteLine($"someone else changed the configuration since version {version}{(now is { } n ? $" (it is now version {n})" : "")}; reading it again and retrying once");
                        continue;
                    }
                    return Show(change, reply, json, console);
            }
        }
    }

    private static int Show(SitePlan.Change change, AdminReply reply, bool json, CliConsole console)
    {
        if (json && !string.IsNullOrWhiteSpace(reply.Body)) console.Out.WriteLine(reply.Body.Trim());
        if (!reply.IsSuccess) return AdminFailures.Report(change.Request, reply, console.Error);
        JsonNode? body;
        try { body = reply.Json(); }
        catch (JsonException) { body = null; }
        if (json) return CommitOutput.ExitCode(body);
        if (body is JsonObject commit && (commit["changes"] as JsonArray)?.Count > 0) console.Out.WriteLine(change.Summary);
        return CommitOutput.Show(body, reply, console);
    }

    /// <summary>The whole configuration and its version, or the exit code of the failure already reported.</summary>
    internal static async Task<(JsonNode? Document, long? Version, int ExitCode)> ReadAsync(
        AdminClient client, CliConsole console, CancellationToken cancellationToken)
    {
        var read = AdminApi.GetConfig(null);
        var call = await client.SendAsync(read, cancellationToken).ConfigureAwait(false);
        if (call.Reply is not { } reply)
        {
            console.Error.WriteLine(call.Failure);
            return (null, null, call.ExitCode);
        }
        if (!reply.IsSuccess) return (null, null, AdminFailures.Report(read, reply, console.Error));
        try
        {
            if (reply.Json() is JsonObject document)
                return (document, reply.ETagVersion ?? JsonText.Long(document["version"]), ExitCodes.Ok);
        }
        catch (JsonException) { }
        console.Error.WriteLine("the admin service sent a configuration this command cannot read; are the command and the running Wharf the same version?");
        return (null, null, ExitCodes.Failed);
    }
}
