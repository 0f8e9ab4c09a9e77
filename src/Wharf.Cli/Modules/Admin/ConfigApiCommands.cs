using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Admin;

/// <summary>
/// The `wharf config` commands that are clients of the admin API on run/admin.sock
/// (docs/admin-api.md): show, set, remove, edit, status, history, diff, rollback, backup, backups, restore.
/// </summary>
internal static class ConfigApiCommands
{
    private const string PathHelp =
        "Where in the configuration: a JSON Pointer (/sites/0/name) or dots and names (\"sites.Default Web Site.physicalPath\"); Wharf resolves it.";

    public static IEnumerable<Command> Create(Option<string?> root, CliConsole console)
    {
        yield return Show(root, console);
        yield return Set(root, console);
        yield return Remove(root, console);
        yield return Edit(root, console);
        yield return Status(root, console);
        yield return History(root, console);
        yield return Diff(root, console);
        yield return Rollback(root, console);
        yield return Backup(root, console);
        yield return Backups(root, console);
        yield return Restore(root, console);
    }

    private static Command Show(Option<string?> root, CliConsole console)
    {
        var path = new Argument<string?>("PATH") { Description = PathHelp + " Default: the whole configuration.", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption("Print the JSON exactly as the admin API sent it, not re-indented.");
        var show = new Command("show", "Print the configuration, or the value at PATH, as JSON.") { path, json };
        show.SetAction((result, token) => Run(result, root, AdminApi.GetConfig(Given(result.GetValue(path))), json, console, ShowJson, null, token));
        return show;
    }

    private static Command Set(Option<string?> root, CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = PathHelp + " A final - on an array appends (/sites/-)." };
        var value = new Argument<string>("VALUE")
        {
            Description = "The new value: JSON if it reads as JSON (80, true, null, {\"port\":80}, \"80\"), else the text as a string (/srv/www).",
        };
        var ifMatch = IfMatchOption();
        var json = JsonOption();
        var set = new Command("set", "Set the value at PATH (adding it if its parent exists) and apply it to every service.") { path, value, ifMatch, json };
        set.SetAction((result, token) => Run(result, root,
            AdminApi.PutConfig(result.GetValue(path)!, ValueAsJson(result.GetValue(value)!), result.GetValue(ifMatch)),
            json, console, CommitOutput.Show, CommitOutput.ExitCode, token));
        return set;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = PathHelp };
        var ifMatch = IfMatchOption();
        var json = JsonOption();
        var remove = new Command("remove", "Remove the value at PATH (a site, a binding, a field) and apply the change.") { path, ifMatch, json };
        remove.SetAction((result, token) => Run(result, root,
            AdminApi.DeleteConfig(result.GetValue(path)!, result.GetValue(ifMatch)), json, console, CommitOutput.Show, CommitOutput.ExitCode, token));
        return remove;
    }

    private static Command Edit(Option<string?> root, CliConsole console)
    {
        var json = JsonOption("Print the admin API's answer to the commit as JSON.");
        var edit = new Command("edit",
            "Edit the configuration in $VISUAL or $EDITOR (else editor, else vi); it is checked before it is sent, and refused if someone else changed it meanwhile.")
        { json };
        edit.SetAction((result, token) => ConfigEditCommand.RunAsync(ServiceCommands.FindRoot(result, root), result.GetValue(json), console, token));
        return edit;
    }

    private static Command Status(Option<string?> root, CliConsole console)
    {
        var json = JsonOption();
        var status = new Command("status", "Show the configuration's version, whether config/wharf.json is valid, the version running, a fallback at start and the last hand edit.") { json };
        status.SetAction((result, token) => Run(result, root, AdminApi.Status(), json, console,
            (body, _, c) => Print(c, body is JsonObject o ? ConfigStatusRenderer.Lines(o) : [JsonCells.Cell(body)]), null, token));
        return status;
    }

    private static Command History(Option<string?> root, CliConsole console)
    {
        var json = JsonOption();
        var history = new Command("history", "List the versions kept in config/history, newest first.") { json };
        history.SetAction((result, token) => Run(result, root, AdminApi.History(), json, console,
            (body, _, c) => Print(c, ListingRenderer.Table(body, "no versions in history")), null, token));
        return history;
    }

    private static Command Diff(Option<string?> root, CliConsole console)
    {
        var from = new Argument<long>("V1") { Description = "The older version." };
        var to = new Argument<long?>("V2") { Description = "The newer version; default: the current one.", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption();
        var diff = new Command("diff", "Show what changed from version V1 to V2: + added, - removed, ~ changed (old → new).") { from, to, json };
        diff.SetAction((result, token) =>
        {
            var (v1, v2) = (result.GetValue(from), result.GetValue(to));
            return Run(result, root, AdminApi.Diff(v1, v2), json, console, (body, _, c) =>
            {
                var lines = ChangeRenderer.Diff(ListingRenderer.Items(body).OfType<JsonObject>());
                var upTo = v2 ?? JsonText.Long((body as JsonObject)?["to"]);
                return Print(c, lines.Count > 0 ? lines : [$"no differences between version {v1} and {(upTo is { } v ? $"version {v}" : "the current version")}"]);
            }, null, token);
        });
        return diff;
    }

    private static Command Rollback(Option<string?> root, CliConsole console)
    {
        var version = new Argument<long>("VERSION") { Description = "A version in `wharf config history`." };
        var ifMatch = IfMatchOption();
        var json = JsonOption();
        var rollback = new Command("rollback", "Commit an earlier version's content as a new version, and apply it.") { version, ifMatch, json };
        rollback.SetAction((result, token) => Run(result, root,
            AdminApi.Rollback(result.GetValue(version), result.GetValue(ifMatch)), json, console, CommitOutput.Show, CommitOutput.ExitCode, token));
        return rollback;
    }

    private static Command Backup(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The backup's name (kept in config/backups until deleted)." };
        var json = JsonOption();
        var backup = new Command("backup", "Keep the current configuration as a named backup.") { name, json };
        backup.SetAction((result, token) =>
        {
            var backupName = result.GetValue(name)!;
            return Run(result, root, AdminApi.Backup(backupName), json, console, (body, _, c) =>
            {
                var version = body is JsonObject o ? JsonText.Long(o["version"]) : null;
                return Print(c, [version is { } v ? $"backup {backupName}: version {v}" : $"backup {backupName} made"]);
            }, null, token);
        });
        return backup;
    }

    private static Command Backups(Option<string?> root, CliConsole console)
    {
        var json = JsonOption();
        var backups = new Command("backups", "List the named backups.") { json };
        backups.SetAction((result, token) => Run(result, root, AdminApi.Backups(), json, console,
            (body, _, c) => Print(c, ListingRenderer.Table(body, "no backups (make one with `wharf config backup NAME`)")), null, token));
        return backups;
    }

    private static Command Restore(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "A backup in `wharf config backups`." };
        var ifMatch = IfMatchOption();
        var json = JsonOption();
        var restore = new Command("restore", "Commit a named backup's content as a new version, and apply it.") { name, ifMatch, json };
        restore.SetAction((result, token) => Run(result, root,
            AdminApi.Restore(result.GetValue(name)!, result.GetValue(ifMatch)), json, console, CommitOutput.Show, CommitOutput.ExitCode, token));
        return restore;
    }

    /// <summary>VALUE as the API's body: itself when it is JSON, else a JSON string of the text.</summary>
    internal static string ValueAsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return value;
        }
        catch (JsonException)
        {
            return JsonText.Quote(value);
        }
    }

    private static int ShowJson(JsonNode? body, AdminReply reply, CliConsole console)
    {
        console.Out.WriteLine(string.IsNullOrWhiteSpace(reply.Body) ? "null" : JsonText.Indent(reply.Body));
        return ExitCodes.Ok;
    }

    private static int Print(CliConsole console, IReadOnlyList<string> lines)
    {
        foreach (var line in lines) console.Out.WriteLine(line);
        return ExitCodes.Ok;
    }

    private static Task<int> Run(ParseResult result, Option<string?> root, AdminRequest request, Option<bool> json, CliConsole console,
        AdminRenderer render, Func<JsonNode?, int>? exitCodeOf, CancellationToken token) =>
        AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root), request, result.GetValue(json), console, render, exitCodeOf, token);

    // `wharf config show ""` means the whole document, as the API's path "" does.
    private static string? Given(string? path) => string.IsNullOrEmpty(path) ? null : path;

    private static Option<bool> JsonOption(string? description = null) => new("--json")
    {
        Description = description ?? "Print the admin API's JSON answer as received (one document), for scripts; the exit code is the same.",
    };

    private static Option<long?> IfMatchOption() => new("--if-match")
    {
        HelpName = "VERSION",
        Description = "Make the change only if the configuration is still at this version; else refuse it (exit 75) and change nothing.",
    };
}
