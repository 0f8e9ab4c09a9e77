using Microsoft.AspNetCore.Routing;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>The www service's endpoints: /api/apppools (configuration and runtime, start, stop, recycle) and /api/workers.</summary>
internal sealed class WwwApiModule : IAdminApiModule
{
    public void Map(IEndpointRouteBuilder api, AdminApiContext context)
    {
        var supervisor = context.Service.AskSupervisor;
        new AppPoolEndpoints(context.Store, context.Commits, supervisor).Map(api);
        new AppPoolControlEndpoints(context.Store, context.Commits, supervisor).Map(api);
        new WorkerEndpoints(supervisor).Map(api);
    }
}
