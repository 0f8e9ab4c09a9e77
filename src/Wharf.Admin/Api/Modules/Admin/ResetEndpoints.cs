using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Config.Store;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// <c>POST /api/reset</c>: `wharf reset` over the API, with its progress streamed as NDJSON while
/// the processes drain, and <c>POST /api/reset/end-now</c>, which forces what is draining.
/// /disable and /enable are given only on the machine itself (run/admin.sock), as iisreset
/// refuses them for a remote computer.
/// </summary>
internal sealed class ResetEndpoints(
    Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor,
    Func<ControlRequest, Action<ControlReply>, CancellationToken, Task<ControlReply>>? askWithProgress,
    HostActions actions)
{
    public const string NdjsonType = "application/x-ndjson";

    // One line per object; messages stay readable (a backtick is no danger in a JSON body).
    private static readonly JsonSerializerOptions Line = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<ControlCommand> Actions =
        [ControlCommand.Restart, ControlCommand.Stop, ControlCommand.Start, ControlCommand.Reboot, ControlCommand.Disable, ControlCommand.Enable];

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/reset", (RequestDelegate)ResetAsync);
        api.MapPost("/api/reset/end-now", (RequestDelegate)EndNowAsync);
    }

    private async Task ResetAsync(HttpContext context)
    {
        var (request, problem) = await ReadAsync(context);
        if (request is null)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem!);
            return;
        }
        if (request.Command is ControlCommand.Disable or ControlCommand.Enable && !HostActions.CameOverLocalSocket(context))
        {
            await ApiResults.Error(context, StatusCodes.Status403Forbidden,
                $"{request.Command.Spelling()} is refused remotely: run `wharf reset /{request.Command.Spelling()}` on the machine itself");
            return;
        }
        actions.Audit(context, AuditEntry.Reset, Describe(request));

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = NdjsonType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.StartAsync();

        // Progress arrives on the control channel's reader; it is only queued there, and written here.
        var lines = Channel.CreateUnbounded<ControlReply>(new UnboundedChannelOptions { SingleReader = true });
        // The reset goes on if the caller hangs up: it is the supervisor's now, as for `wharf reset`.
        var asked = askWithProgress is null
            ? askSupervisor(request, CancellationToken.None)
            : askWithProgress(request, progress => lines.Writer.TryWrite(progress), CancellationToken.None);
        _ = asked.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);

        var writing = true;
        await foreach (var progress in lines.Reader.ReadAllAsync())
            if (writing) writing = await TryWriteLineAsync(context, Progress(progress));
        var final = await asked;
        if (writing) await TryWriteLineAsync(context, Result(final));
    }

    private async Task EndNowAsync(HttpContext context)
    {
        actions.Audit(context, AuditEntry.EndNow, $"{context.Request.Method} {context.Request.Path}");
        var reply = await askSupervisor(new ControlRequest { Command = ControlCommand.EndNow }, CancellationToken.None);
        if (reply.Type != ControlReplyType.Result)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, $"the supervisor did not take end-now: {reply.Message}");
            return;
        }
        if (reply.Ended is not { Count: > 0 })
        {
            await ApiResults.Error(context, StatusCodes.Status409Conflict, "nothing is draining: no operation in progress waits for a process to stop");
            return;
        }
        await ApiResults.Json(context, new JsonObject { ["ok"] = true, ["message"] = reply.Message });
    }

    private static async Task<(ControlRequest? Request, string? Problem)> ReadAsync(HttpContext context)
    {
        var (body, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (body is not JsonObject fields) return (null, problem ?? "the body must be a JSON object: {\"action\": \"restart\"}");
        var spelled = fields["action"] is JsonValue a && a.TryGetValue(out string? s) ? s : null;
        var command = spelled is null ? (ControlCommand?)null : Parse(spelled);
        if (command is not { } action || !Actions.Contains(action))
            return (null, $"action must be one of {string.Join(", ", Actions.Select(c => c.Spelling()))}");
        int? timeout = null;
        if (fields["timeoutSeconds"] is JsonNode t)
        {
            if (t is not JsonValue tv || !tv.TryGetValue(out int seconds) || seconds is < 1 or > 86400)
                return (null, "timeoutSeconds must be a whole number of seconds from 1 to 86400");
            timeout = seconds;
        }
        var noForce = false;
        if (fields["noForce"] is JsonNode n && (n is not JsonValue nv || !nv.TryGetValue(out noForce)))
            return (null, "noForce must be true or false");
        return (new ControlRequest { Command = action, TimeoutSeconds = timeout, Force = !noForce }, null);
    }

    // The action is spelled as the control socket spells its commands.
    private static ControlCommand? Parse(string spelled)
    {
        try
        {
            return JsonSerializer.Deserialize(JsonSerializer.Serialize(spelled, HostingJsonContext.Default.String), HostingJsonContext.Default.ControlCommand);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(ControlRequest request) =>
        $"reset {request.Command.Spelling()}" + (request.TimeoutSeconds is { } t ? $" /timeout:{t}" : "") + (request.Force ? "" : " /noforce");

    private static JsonObject Progress(ControlReply progress) => new()
    {
        ["kind"] = "progress",
        ["service"] = progress.Service,
        ["message"] = progress.Message,
        ["secondsLeft"] = progress.SecondsLeft,
    };

    private static JsonObject Result(ControlReply final) => ServiceEndpoints.Outcome(final, kind: "result");

    private static async Task<bool> TryWriteLineAsync(HttpContext context, JsonObject line)
    {
        try
        {
            await context.Response.WriteAsync(line.ToJsonString(Line) + "\n", Encoding.UTF8);
            await context.Response.Body.FlushAsync();
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false; // the caller went away; the reset goes on
        }
    }
}
