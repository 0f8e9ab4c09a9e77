using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Config;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary><c>/api/events</c> and <c>/api/audit</c>: the newest lines of the event log and the audit log.</summary>
internal sealed class LogEndpoints(DataRoot root, AuditLog audit)
{
    private const int DefaultCount = 50;
    private const int MaxCount = 10_000;

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/events", (RequestDelegate)EventsAsync);
        api.MapGet("/api/audit", (RequestDelegate)AuditAsync);
    }

    private Task EventsAsync(HttpContext context)
    {
        if (!TryCount(context, out var count)) return BadCount(context);
        var events = EventLogFile.ReadRecent(root.EventLog, count);
        return ApiResults.Json(context, JsonSerializer.SerializeToNode(events, HostingJsonContext.Default.IReadOnlyListEventRecord));
    }

    private Task AuditAsync(HttpContext context)
    {
        if (!TryCount(context, out var count)) return BadCount(context);
        return ApiResults.Json(context, new JsonArray(audit.ReadRecent(count).Select(e => (JsonNode)new JsonObject
        {
            // As the file writes it, so a line reads the same from the API and from logs/audit.log.
            ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["user"] = e.User,
            ["uid"] = e.Uid,
            ["pid"] = e.Pid,
            ["action"] = e.Action,
            ["version"] = e.Version,
            ["previousVersion"] = e.PreviousVersion,
            ["changes"] = new JsonArray(e.Changes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["detail"] = e.Detail,
        }).ToArray()));
    }

    private static bool TryCount(HttpContext context, out int count)
    {
        count = DefaultCount;
        var text = context.Request.Query["count"].ToString();
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is > 0 and <= MaxCount);
    }

    private static Task BadCount(HttpContext context) =>
        ApiResults.Error(context, StatusCodes.Status400BadRequest, $"count is a whole number from 1 to {MaxCount}");
}
