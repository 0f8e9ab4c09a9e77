using Wharf.Cli.Modules.Admin;
using Wharf.Cli.Modules.Www;

namespace Wharf.Cli.Tests;

internal sealed record CliOutcome(int Code, string Out, string Err)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs `wharf ARGS` in process with captured stdout and stderr.</summary>
internal sealed class CliRun
{
    public List<string> Calls { get; } = [];

    /// <summary>What stdin holds, and whether the command may treat it as a terminal and ask.</summary>
    public TextReader In { get; set; } = TextReader.Null;
    public bool InputIsTerminal { get; set; }

    /// <summary>Variables the command sees instead of this process's (a null value hides one).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>"handed" and "taken back" as a command lends the terminal to a child and takes it back.</summary>
    public List<string> Terminal { get; } = [];

    public CliHooks Hooks => new(
        Serve: (root, _) => { Calls.Add($"serve {root.Path}"); return Task.FromResult(41); },
        RunService: (name, root) => { Calls.Add($"run {name} {root.Path}"); return Task.FromResult(42); },
        Modules: Modules);

    /// <summary>The services' commands, as ServiceCatalog lists them.</summary>
    public List<ICliModule> Modules { get; } = [new AdminCliModule(), new WwwCliModule()];

    public async Task<CliOutcome> Wharf(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await WharfCommandLine.RunAsync(args, Hooks, new CliConsole(output, error, ErrorIsTerminal: false)
        {
            In = In,
            InputIsTerminal = InputIsTerminal,
            Environment = name => Environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name),
            HandTerminalToChild = () =>
            {
                Terminal.Add("handed");
                return new Handback(() => Terminal.Add("taken back"));
            },
        }, cancellationToken);
        return new CliOutcome(code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    public Task<CliOutcome> Wharf(params string[] args) => Wharf(CancellationToken.None, args);
}

internal sealed class Handback(Action taken) : IDisposable
{
    public void Dispose() => taken();
}
