namespace Wharf.Cli;

/// <summary>Where a command writes: stdout for results, stderr for progress and errors.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, int TerminalWidth = 0)
{
    public static CliConsole FromSystemConsole()
    {
        var terminal = !Console.IsErrorRedirected;
        var width = 0;
        if (terminal)
        {
            try { width = Console.WindowWidth; }
            catch (IOException) { }
            catch (PlatformNotSupportedException) { }
        }
        return new CliConsole(Console.Out, Console.Error, terminal, width);
    }
}
