namespace Wharf.Cli;

/// <summary>
/// What a command reads and writes: stdout for results, stderr for progress and errors, stdin for
/// the rare question (`Edit again?`), and the environment (which editor). Tests pass their own.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, int TerminalWidth = 0)
{
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>A question may be asked only when someone is there to answer it.</summary>
    public bool InputIsTerminal { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Called around a child that takes the terminal (an editor); disposing the result takes it back.</summary>
    public Func<IDisposable> HandTerminalToChild { get; init; } = () => NoHandback.Instance;

    private sealed class NoHandback : IDisposable
    {
        public static readonly NoHandback Instance = new();

        public void Dispose() { }
    }

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
        return new CliConsole(Console.Out, Console.Error, terminal, width)
        {
            In = Console.In,
            InputIsTerminal = !Console.IsInputRedirected,
        };
    }
}
