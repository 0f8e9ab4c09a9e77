using System.Text;

namespace Wharf.Cli.Admin;

/// <summary>Asks for a secret on the terminal without echoing it.</summary>
internal static class PasswordPrompt
{
    public static string Ask(string prompt, CliConsole console)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        console.Error.WriteLine();
        return text.ToString();
    }
}
