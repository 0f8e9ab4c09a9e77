using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Control;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Admin;

/// <summary>
/// `wharf config edit`: read the configuration and its version, let the administrator edit a
/// copy, check it here (every error at once, before anything is sent), and commit it only if
/// nobody changed the configuration meanwhile (If-Match), as `kubectl edit` and `visudo` do.
/// </summary>
internal static class ConfigEditCommand
{
    public static async Task<int> RunAsync(DataRoot root, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(root);
        var read = AdminApi.GetConfig(null);
        var call = await client.SendAsync(read, cancellationToken).ConfigureAwait(false);
        if (call.Reply is not { } reply)
        {
            console.Error.WriteLine(call.Failure);
            return call.ExitCode;
        }
        if (!reply.IsSuccess) return AdminFailures.Report(read, reply, console.Error);

        string original;
        long? version;
        try
        {
            original = JsonText.Indent(reply.Body) + "\n";
            version = reply.ETagVersion ?? JsonText.Long((reply.Json() as JsonObject)?["version"]);
        }
        catch (JsonException e)
        {
            console.Error.WriteLine($"the admin service sent a configuration this command cannot read ({e.Message})");
            return ExitCodes.Failed;
        }

        var file = EditFile.Create(TempFolder(console), original, version);
        var edited = await EditUntilValidAsync(file, original, console).ConfigureAwait(false);
        if (edited.ExitCode is { } stop) return stop;
        if (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"interrupted; nothing was changed, and your edit is kept in {file}");
            return ControlCommandRunner.Interrupted;
        }

        var write = AdminApi.PutConfig(null, JsonText.Strict(edited.Text!), version);
        var sent = await client.SendAsync(write, cancellationToken).ConfigureAwait(false);
        if (sent.Reply is not { } answer)
        {
            console.Error.WriteLine(sent.Failure);
            console.Error.WriteLine(Kept(file));
            return sent.ExitCode;
        }
        if (json && !string.IsNullOrWhiteSpace(answer.Body)) console.Out.WriteLine(answer.Body.Trim());
        if (!answer.IsSuccess)
        {
            var code = answer.Status == 412
                ? ChangedMeanwhile(version, AdminFailures.ErrorAnswer.Read(answer).CurrentVersion, console)
                : AdminFailures.Report(write, answer, console.Error);
            console.Error.WriteLine(Kept(file));
            return code;
        }

        EditFile.Delete(file);
        try
        {
            return json ? CommitOutput.ExitCode(answer.Json()) : CommitOutput.Show(answer.Json(), answer, console);
        }
        catch (JsonException)
        {
            console.Out.WriteLine("committed");
            return ExitCodes.Ok;
        }
    }

    private sealed record Edited(string? Text, int? ExitCode);

    private static async Task<Edited> EditUntilValidAsync(string file, string original, CliConsole console)
    {
        var editor = Editor.Find(console.Environment);
        while (true)
        {
            int exit;
            using (console.HandTerminalToChild())
                exit = await Editor.RunAsync(editor, file).ConfigureAwait(false);
            var text = await File.ReadAllTextAsync(file).ConfigureAwait(false);
            if (exit != 0)
            {
                var why = exit == 127 ? " (is it installed? set $VISUAL or $EDITOR)" : "";
                console.Error.WriteLine($"the editor `{editor}` ended with exit code {exit}{why}; nothing was changed");
                return Discard(file, text, original, console, ExitCodes.Failed);
            }
            if (text == original)
            {
                EditFile.Delete(file);
                console.Out.WriteLine("no change");
                return new(null, ExitCodes.Ok);
            }

            var check = ConfigReader.Parse(text);
            if (check.IsValid) return new(text, null);

            foreach (var error in check.Errors) console.Error.WriteLine(error.ToString());
            if (!console.InputIsTerminal || !AskAgain(console))
            {
                console.Error.WriteLine($"the edited configuration is invalid; nothing was changed. {Kept(file)}");
                return new(null, ExitCodes.InvalidConfig);
            }
        }
    }

    private static Edited Discard(string file, string text, string original, CliConsole console, int exitCode)
    {
        if (text == original) EditFile.Delete(file);
        else console.Error.WriteLine(Kept(file));
        return new(null, exitCode);
    }

    private static bool AskAgain(CliConsole console)
    {
        console.Error.Write("Edit again? [Y/n] ");
        console.Error.Flush();
        var answer = console.In.ReadLine()?.Trim();
        return answer is not null && (answer.Length == 0 || answer.StartsWith('y') || answer.StartsWith('Y'));
    }

    private static int ChangedMeanwhile(long? readAt, long? current, CliConsole console)
    {
        var was = readAt is { } v ? $" since you read version {v}" : " meanwhile";
        var now = current is { } c ? $" (it is now version {c})" : "";
        var see = readAt is { } from && current is { } to ? $"; `wharf config diff {from} {to}` shows their change" : "";
        console.Error.WriteLine($"someone else changed the configuration{was}{now}, so your edit was not committed: run `wharf config edit` again and carry it over{see}");
        return AdminFailures.ChangedMeanwhile;
    }

    private static string Kept(string file) => $"Your edit is kept in {file}.";

    private static string TempFolder(CliConsole console) =>
        console.Environment("TMPDIR") is { Length: > 0 } folder && Directory.Exists(folder) ? folder : "/tmp";
}
