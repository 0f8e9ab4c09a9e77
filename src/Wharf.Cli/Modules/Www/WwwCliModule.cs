using System.CommandLine;

namespace Wharf.Cli.Modules.Www;

/// <summary>
/// The www service's commands, all clients of the admin API (they read /api/config and send one
/// PUT or DELETE by JSON Pointer with If-Match, through Sites/SiteEdit):
///   site list | show NAME | add NAME --path DIR --binding B... | remove NAME | start NAME | stop NAME
///        | set NAME KEY=VALUE... | binding add NAME B | binding remove NAME B
///   vdir list [SITE] | add SITE/PATH --path DIR | remove SITE/PATH
///   app list [SITE] | add SITE/PATH --path DIR [--pool P] | remove SITE/PATH
///   apppool list | show NAME | add NAME [--command PATH ...] | remove NAME | start|stop|recycle NAME | set NAME FIELD VALUE
///   worker list [--pool NAME]
/// </summary>
internal sealed class WwwCliModule : ICliModule
{
    public IEnumerable<Command> CreateCommands(CliModuleContext context) =>
    [
        SiteCommands.Create(context.Root, context.Console),
        VdirCommands.Create(context.Root, context.Console),
        AppCommands.Create(context.Root, context.Console),
        AppPools.AppPoolCommands.Create(context.Root, context.Console),
        AppPools.WorkerCommands.Create(context.Root, context.Console),
    ];
}
