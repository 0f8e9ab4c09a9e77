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
        var failed = ChangeRenderer.Failed(commit);
        var who = failed.Count > 0 ? string.Join(", ", failed) : "a service";
        var back = previous is { } p ? $", or go back with `wharf config rollback {p}`" : "";
        console.Error.WriteLine($"version {version} is committed and stays, but {who} could not apply it; fix the cause and `wharf service restart {failed.FirstOrDefault() ?? "NAME"}`{back}");
        return ExitCodes.Failed;
    }

    public static int ExitCode(JsonNode? body) =>
        body is JsonObject commit && JsonText.Bool(commit["ok"]) == false ? ExitCodes.Failed : ExitCodes.Ok;
}
