using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary><c>GET /api/workers[?pool=NAME]</c>: every worker process the supervisor runs, from its status.</summary>
internal sealed class WorkerEndpoints(Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor)
{
    public void Map(IEndpointRouteBuilder api) => api.MapGet("/api/workers", (RequestDelegate)ListAsync);

    private async Task ListAsync(HttpContext context)
    {
        var (pools, error) = await AppPoolViews.StatusAsync(askSupervisor, context.RequestAborted);
        if (error is not null)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, error);
            return;
        }
        var pool = context.Request.Query["pool"].ToString();
        var workers = pools
            .Where(p => pool.Length == 0 || string.Equals(p.Name, pool, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Workers)
            .Select(AppPoolViews.Worker);
        await ApiResults.Json(context, new JsonArray([.. workers]));
    }
}
