using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// <c>/api/services</c>: every service as the supervisor reports it, and <c>POST
/// /api/services/{name}/start|stop|restart</c>, answered once the operation is done (as `wharf
/// service` is). Restarting the admin service itself is overlapped: the supervisor answers this
/// process before it waits for its drain, so this request is answered by the process that took it.
/// </summary>
internal sealed class ServiceEndpoints(Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor, HostActions actions)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/services", (RequestDelegate)ListAsync);
        api.MapPost("/api/services/{name}/start", (RequestDelegate)(c => OperateAsync(c, ControlCommand.ServiceStart, AuditEntry.ServiceStart)));
        api.MapPost("/api/services/{name}/stop", (RequestDelegate)(c => OperateAsync(c, ControlCommand.ServiceStop, AuditEntry.ServiceStop)));
        api.MapPost("/api/services/{name}/restart", (RequestDelegate)(c => OperateAsync(c, ControlCommand.ServiceRestart, AuditEntry.ServiceRestart)));
    }

    private async Task ListAsync(HttpContext context)
    {
        var reply = await askSupervisor(new ControlRequest { Command = ControlCommand.Status }, context.RequestAborted);
        if (reply.Type != ControlReplyType.Result)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, $"the supervisor did not give its status: {reply.Message}");
            return;
        }
        await ApiResults.Json(context, new JsonObject
        {
            ["disabled"] = reply.ResetDisabled ?? false,
            ["services"] = new JsonArray([.. (reply.Services ?? []).Select(s => (JsonNode)View(s))]),
        });
    }

    private async Task OperateAsync(HttpContext context, ControlCommand command, string auditAction)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        // Audited before it runs: restarting or stopping the admin service may end this process's part in it.
        actions.Audit(context, auditAction, $"{context.Request.Method} {context.Request.Path}");
        var reply = await askSupervisor(new ControlRequest { Command = command, Service = name }, CancellationToken.None);
        if (reply.Type == ControlReplyType.Error)
        {
            var status = reply.Message?.StartsWith("no service named", StringComparison.Ordinal) == true
                ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            await ApiResults.Error(context, status, reply.Message ?? "the supervisor refused");
            return;
        }
        await ApiResults.Json(context, Outcome(reply));
    }

    /// <summary>The answer to an operation: ok, forced, the exit code `wharf` would give (docs/exit-codes.md), the message, and each service.</summary>
    /// <param name="kind">For a line of an NDJSON stream: its kind, written first.</param>
    public static JsonObject Outcome(ControlReply reply, string? kind = null)
    {
        var outcome = kind is null ? new JsonObject() : new JsonObject { ["kind"] = kind };
        outcome["ok"] = reply.Type == ControlReplyType.Result && reply.Ok;
        outcome["forced"] = reply.Forced == true;
        outcome["exitCode"] = Hosting.ExitCodes.Of(reply);
        outcome["message"] = reply.Message;
        outcome["services"] = new JsonArray([.. (reply.Services ?? []).Select(s => (JsonNode)View(s))]);
        return outcome;
    }

    public static JsonObject View(ServiceStatus s)
    {
        var view = new JsonObject
        {
            ["name"] = s.Name,
            // As the control socket spells it ("Running", "WaitingToRestart").
            ["state"] = JsonSerializer.SerializeToNode(s.State, HostingJsonContext.Default.ServiceState),
            ["pid"] = s.Pid,
            ["startedAt"] = s.StartedAt,
            ["uptimeSeconds"] = s.UptimeSeconds,
            ["restarts"] = s.Restarts,
            ["connections"] = s.Connections,
            ["message"] = s.Message,
            ["ok"] = s.Ok,
            ["listeners"] = new JsonArray([.. s.Listeners.Select(l => (JsonNode?)JsonValue.Create(l))]),
        };
        if (s.Forced is { Count: > 0 } forced)
            view["forced"] = new JsonArray([.. forced.Select(f => (JsonNode?)JsonValue.Create(ForcedStopText.Describe(f)))]);
        return view;
    }
}
