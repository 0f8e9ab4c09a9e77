using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Config.Model;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>
/// <c>/api/apppools/{name}/start|stop|recycle</c>. A pool's state is the configuration's, as a
/// site's is, so it outlives restarts: start and stop commit it (the apply starts or stops the
/// workers). Start then also asks the supervisor to start the pool, which clears rapid-fail
/// protection (a pool stopped by it is still "started" in the configuration). Recycle only asks.
/// Answer: <c>{"pool", "commit", "ok", "message", "status"}</c>.
/// </summary>
internal sealed class AppPoolControlEndpoints(ConfigStore store, CommitPipeline commits, Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/apppools/{name}/start", (RequestDelegate)StartAsync);
        api.MapPost("/api/apppools/{name}/stop", (RequestDelegate)StopAsync);
        api.MapPost("/api/apppools/{name}/recycle", (RequestDelegate)RecycleAsync);
    }

    private Task StartAsync(HttpContext context) => ChangeStateAsync(context, AppPoolState.Started, ControlCommand.AppPoolStart);

    // The apply stops the workers; asking apppool-stop too would race the apply for nothing.
    private Task StopAsync(HttpContext context) => ChangeStateAsync(context, AppPoolState.Stopped, ask: null);

    private async Task ChangeStateAsync(HttpContext context, AppPoolState state, ControlCommand? ask)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var name = AppPoolEndpoints.PoolName(context);
        var spelled = state == AppPoolState.Started ? "started" : "stopped";
        string? poolName = null;
        var hasProgram = false;
        var (result, applied, refusal) = await PoolCommit.RunAsync(context, store, commits, ifMatch, "apppool-" + (ask is null ? "stop" : "start"), document =>
        {
            if (AppPoolDocument.Find(document, name) is not { } found)
                return new ApiRefusal(StatusCodes.Status404NotFound, AppPoolDocument.NoSuchPool(AppPoolDocument.Names(document), name));
            poolName = found.Name;
            hasProgram = found.Pool["program"] is JsonObject;
            var now = found.Pool["state"] is JsonValue v && v.TryGetValue(out string? written) ? written : "started";
            // Left out, the state is the default (started); written out only when it changes.
            if (!string.Equals(now, spelled, StringComparison.OrdinalIgnoreCase)) found.Pool["state"] = spelled;
            return null;
        });
        if (refusal is not null)
        {
            await ApiResults.Error(context, refusal.Status, refusal.Message);
            return;
        }
        if (result is not (CommitResult.Committed or CommitResult.NoChange))
        {
            await CommitPipeline.WriteAsync(context, result, applied);
            return;
        }

        var commit = CommitPipeline.Body(result, applied)!;
        var committedOk = commit["ok"]?.GetValue<bool>() != false;
        if (ask is { } command && hasProgram)
        {
            var reply = await askSupervisor(new ControlRequest { Command = command, Pool = poolName }, context.RequestAborted);
            await AnswerAsync(context, poolName!, commit, reply, committedOk);
            return;
        }
        var message = !hasProgram
            ? $"application pool {AppPoolDocument.Quote(poolName)} has no program: it runs no workers, and www serves its applications' content itself"
            : $"application pool {AppPoolDocument.Quote(poolName)} is {spelled}" + (state == AppPoolState.Stopped ? ": its workers drain and stop, and its requests are answered 503" : "");
        var (statuses, _) = await AppPoolViews.StatusAsync(askSupervisor, context.RequestAborted);
        await ApiResults.Json(context, Answer(poolName!, commit, committedOk, message, statuses.FirstOrDefault(s => Same(s.Name, poolName))), etag: Version(result));
    }

    private async Task RecycleAsync(HttpContext context)
    {
        if (store.ReadState().Current is not { } current)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, "the store holds no valid configuration");
            return;
        }
        var name = AppPoolEndpoints.PoolName(context);
        if (current.Config.ApplicationPools.FirstOrDefault(p => Same(p.Name, name)) is not { } pool)
        {
            await ApiResults.Error(context, StatusCodes.Status404NotFound, AppPoolDocument.NoSuchPool(current.Config.ApplicationPools.Select(p => p.Name), name));
            return;
        }
        if (!pool.HasWorkers)
        {
            await ApiResults.Error(context, StatusCodes.Status409Conflict,
                $"application pool {AppPoolDocument.Quote(pool.Name)} has no program, so no workers to recycle; www serves its applications' content itself");
            return;
        }
        var reply = await askSupervisor(new ControlRequest { Command = ControlCommand.AppPoolRecycle, Pool = pool.Name }, context.RequestAborted);
        await AnswerAsync(context, pool.Name, commit: null, reply, committedOk: true);
    }

    private static Task AnswerAsync(HttpContext context, string pool, JsonObject? commit, ControlReply reply, bool committedOk)
    {
        var ok = committedOk && reply.Type == ControlReplyType.Result && reply.Ok;
        var status = reply.Pools?.FirstOrDefault(s => Same(s.Name, pool));
        return ApiResults.Json(context, Answer(pool, commit, ok, reply.Message, status), etag: commit?["version"]?.GetValue<long>());
    }

    private static JsonObject Answer(string pool, JsonObject? commit, bool ok, string? message, Wharf.Hosting.Control.Pools.PoolStatus? status) => new()
    {
        ["pool"] = pool,
        ["commit"] = commit,
        ["ok"] = ok,
        ["message"] = message,
        ["status"] = status is null ? null : AppPoolViews.Status(status),
    };

    private static long? Version(CommitResult result) => result switch
    {
        CommitResult.Committed c => c.Now.Version,
        CommitResult.NoChange n => n.Current.Version,
        _ => null,
    };

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
