using Microsoft.AspNetCore.Routing;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>The admin service's own endpoints: /api/config (with its status, history, diff, rollback and backups), /api/events, /api/audit.</summary>
internal sealed class AdminApiModule : IAdminApiModule
{
    public void Map(IEndpointRouteBuilder api, AdminApiContext context)
    {
        var root = context.Service.Root;
        new ConfigEndpoints(context.Store, context.Commits).Map(api);
        new StatusEndpoints(root, context.Store, context.Adoption, context.Service.AskSupervisor).Map(api);
        new HistoryEndpoints(context.Store, context.Commits).Map(api);
        new BackupEndpoints(context.Store, context.Commits).Map(api);
        new LogEndpoints(root, new AuditLog(root.AuditLog, TimeProvider.System)).Map(api);
    }
}
