using System.Diagnostics;

namespace Wharf.Cli.Admin;

/// <summary>
/// The administrator's editor: <c>$VISUAL</c>, else <c>$EDITOR</c>, else Debian's <c>editor</c>
/// when it is on the PATH, else <c>vi</c>. Run through <c>/bin/sh -c</c> as git runs it, so
/// <c>EDITOR="code --wait"</c> works; the file goes in as <c>$1</c>, so its name needs no quoting.
/// </summary>
internal static class Editor
{
    public static string Find(Func<string, string?> environment)
    {
        foreach (var variable in new[] { "VISUAL", "EDITOR" })
            if (environment(variable) is { } editor && !string.IsNullOrWhiteSpace(editor)) return editor;
        return OnPath("editor", environment("PATH")) ? "editor" : "vi";
    }

    /// <summary>Runs the editor on the file, on this terminal, and returns its exit code.</summary>
    public static async Task<int> RunAsync(string editor, string file)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(editor + " \"$@\"");
        start.ArgumentList.Add(editor);
        start.ArgumentList.Add(file);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        // Ctrl+C reaches the editor too (same process group): it is the editor's to act on
        // (CliConsole.HandTerminalToChild), and the CLI waits for it whatever happens.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static bool OnPath(string name, string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, name)));
}
