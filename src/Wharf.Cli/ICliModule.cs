using System.CommandLine;

namespace Wharf.Cli;

/// <summary>
/// A service's own commands (www: `wharf site|vdir|app`; admin: `wharf config`). ServiceCatalog
/// lists each service's module beside its definition; the command tree adds their commands after
/// its own, in the catalog's order, and knows none of them.
/// </summary>
internal interface ICliModule
{
    IEnumerable<Command> CreateCommands(CliModuleContext context);
}

/// <summary>What every command shares: the recursive <c>--root</c> option and the console.</summary>
internal sealed record CliModuleContext(Option<string?> Root, CliConsole Console);
