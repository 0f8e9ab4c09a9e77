using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Admin.Metrics;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text, read from the processes at scrape time) and <c>GET
/// /api/metrics/history?minutes=N</c> (the charts' last hour, from the sampler). Both only read.
/// </summary>
internal sealed class MetricsEndpoints(Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor, MetricsHistory history, TimeProvider time)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/metrics", (RequestDelegate)ScrapeAsync);
        api.MapGet("/api/metrics/history", (RequestDelegate)HistoryAsync);
    }

    private async Task ScrapeAsync(HttpContext context)
    {
        var (reading, problem) = await HostReading.ReadAsync(askSupervisor, time, context.RequestAborted);
        if (reading is null)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, problem!);
            return;
        }
        context.Response.ContentType = PrometheusExposition.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await PrometheusExposition.WriteAsync(reading, context.Response.Body, context.RequestAborted);
    }

    private Task HistoryAsync(HttpContext context)
    {
        var minutes = 60;
        if (context.Request.Query["minutes"] is { Count: > 0 } asked
            && (!int.TryParse(asked.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minutes) || minutes is < 1 or > 60))
            return ApiResults.Error(context, StatusCodes.Status400BadRequest, "minutes must be a whole number from 1 to 60");
        // The previous process of an overlapped restart saves as it stops: what it gathered is shown at once.
        history.Merge(time.GetUtcNow());
        var document = history.Document(time.GetUtcNow(), minutes);
        return ApiResults.Json(context, JsonSerializer.SerializeToNode(document, MetricsJsonContext.Default.MetricsHistoryDocument));
    }
}
