using System.CommandLine;

namespace Wharf.Cli.Modules.Admin;

/// <summary>
/// The admin service's commands:
///   config validate [FILE]   (offline)
///   config show [PATH] | set PATH VALUE | remove PATH | edit | status | history | diff V1 [V2]
///          | rollback V | backup NAME | backups | restore NAME   (admin API on run/admin.sock)
///   admin user add|remove|passwd|list, admin token add|remove|list
/// </summary>
internal sealed class AdminCliModule : ICliModule
{
    public IEnumerable<Command> CreateCommands(CliModuleContext context) => [ConfigCommands.Create(context.Root, context.Console), AccountCommands.Create(context.Root, context.Console)];
}
