using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Commands;

/// <summary>
/// What a committed change prints (set, remove, edit, rollback, restore): each change, then how
/// each service took it. Exit 1 when a service failed to apply it: the version stays committed.
/// </summary>
internal static class CommitOutput
{
    public static int Show(JsonNode? body, AdminReply reply, CliConsole console)
    {
        if (body is not JsonObject commit)
        {
            console.Out.WriteLine("done");
            return ExitCodes.Ok;
        }
        foreach (var line in ChangeRenderer.Commit(commit)) console.Out.WriteLine(line);
        if (ExitCode(commit) == ExitCodes.Ok) return ExitCodes.Ok;

        var version = JsonText.Long(commit["version"]);
        var previous = JsonText.Long(commit["previousVersion"]);
        var back = previous is { } p && p != version ? $", or go back with `wharf config rollback {p}`" : "";
        var failed = ChangeRenderer.Failed(commit);
        if (failed.Count > 0)
        {
            console.Error.WriteLine($"version {version} is committed and stays, but {string.Join(", ", failed)} could not apply it; fix the cause and `wharf service restart {failed[0]}`{back}");
        }
        else
        {
            // No service failed: the supervisor itself could not be told (it says why in message).
            var why = JsonText.String(commit["message"]) is { Length: > 0 } message ? $": {message}" : "";
            console.Error.WriteLine($"version {version} is committed and stays, but it was not applied{why}; `wharf reset` applies it to every service{back}");
        }
        return ExitCodes.Failed;
    }

    public static int ExitCode(JsonNode? body) =>
        body is JsonObject commit && JsonText.Bool(commit["ok"]) == false ? ExitCodes.Failed : ExitCodes.Ok;
}
