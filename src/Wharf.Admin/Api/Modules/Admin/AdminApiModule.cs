using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Admin.Metrics;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// The admin service's own endpoints: /api/config (with its status, history, diff, rollback and
/// backups), /api/events, /api/audit; the host's: /api/services, /api/reset, /metrics and
/// /api/metrics/history.
/// </summary>
internal sealed class AdminApiModule : IAdminApiModule
{
    public void Map(IEndpointRouteBuilder api, AdminApiContext context)
    {
        var root = context.Service.Root;
        new ConfigEndpoints(context.Store, context.Commits).Map(api);
        new StatusEndpoints(root, context.Store, context.Adoption, context.Service.AskSupervisor).Map(api);
        new HistoryEndpoints(context.Store, context.Commits).Map(api);
        new BackupEndpoints(context.Store, context.Commits).Map(api);
        var audit = new AuditLog(root.AuditLog, TimeProvider.System);
        new LogEndpoints(root, audit).Map(api);
        var host = new HostActions(root, audit);
        new ServiceEndpoints(context.Service.AskSupervisor, host).Map(api);
        new ResetEndpoints(context.Service.AskSupervisor, context.Service.AskSupervisorWithProgress, host).Map(api);
        var sampler = MetricsSampling.Attach(api, context.Service);
        new MetricsEndpoints(context.Service.AskSupervisor, sampler.History, TimeProvider.System).Map(api);
    }
}
