using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>
/// <c>/api/apppools</c>: every pool with its configuration in force and its runtime status; one
/// pool; add, replace (PUT), merge (PATCH, RFC 7396) and remove. Each change is one commit,
/// decided on the document under the store's lock, so a pool removed while a site was being
/// pointed at it is never lost between the check and the write.
/// </summary>
internal sealed class AppPoolEndpoints(ConfigStore store, CommitPipeline commits, Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/apppools", (RequestDelegate)ListAsync);
        api.MapPost("/api/apppools", (RequestDelegate)AddAsync);
        api.MapGet("/api/apppools/{name}", (RequestDelegate)GetAsync);
        api.MapPut("/api/apppools/{name}", (RequestDelegate)PutAsync);
        api.MapPatch("/api/apppools/{name}", (RequestDelegate)PatchAsync);
        api.MapDelete("/api/apppools/{name}", (RequestDelegate)DeleteAsync);
    }

    private async Task ListAsync(HttpContext context)
    {
        if (store.ReadState().Current is not { } current)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, "the store holds no valid configuration");
            return;
        }
        var (statuses, error) = await AppPoolViews.StatusAsync(askSupervisor, context.RequestAborted);
        var pools = AppPoolViews.Effective(current).Select(p => (JsonNode?)AppPoolViews.View(current, p, statuses, error));
        await ApiResults.Json(context, new JsonArray([.. pools]), etag: current.Version);
    }

    private async Task GetAsync(HttpContext context)
    {
        if (store.ReadState().Current is not { } current)
        {
            await ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, "the store holds no valid configuration");
            return;
        }
        var name = PoolName(context);
        var pools = AppPoolViews.Effective(current);
        if (pools.FirstOrDefault(p => string.Equals(p["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)) is not { } pool)
        {
            await ApiResults.Error(context, StatusCodes.Status404NotFound, AppPoolDocument.NoSuchPool(pools.Select(p => p["name"]?.GetValue<string>() ?? ""), name));
            return;
        }
        var (statuses, error) = await AppPoolViews.StatusAsync(askSupervisor, context.RequestAborted);
        await ApiResults.Json(context, AppPoolViews.View(current, pool, statuses, error), etag: current.Version);
    }

    private async Task AddAsync(HttpContext context)
    {
        var (ifMatch, body) = await ReadChangeAsync(context);
        if (body is null) return;
        if (body is not JsonObject pool || pool["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name) || string.IsNullOrWhiteSpace(name))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "send the pool as a JSON object with its \"name\", such as {\"name\": \"Shop\", \"program\": {\"command\": \"/usr/bin/dotnet\"}}");
            return;
        }
        await CommitAsync(context, ifMatch, "apppool-add", document =>
        {
            if (AppPoolDocument.Find(document, name) is { } existing)
                return new ApiRefusal(StatusCodes.Status409Conflict, $"there is already an application pool named {AppPoolDocument.Quote(existing.Name)} ({existing.Pointer}); pool names are unique, ignoring case");
            AppPoolDocument.Pools(document).Add(pool.DeepClone());
            return null;
        });
    }

    private Task PutAsync(HttpContext context) =>
        ChangeAsync(context, "send the whole pool as a JSON object", (pool, _) => pool.DeepClone().AsObject());

    private Task PatchAsync(HttpContext context) =>
        ChangeAsync(context, "send the members to change as a JSON object (RFC 7396 merge patch; null removes a member, back to its default)",
            (patch, found) => AppPoolDocument.MergePatch(found, patch)!.AsObject());

    /// <summary>PUT and PATCH: the pool named in the URL becomes what <paramref name="change"/> makes of the body and the pool in force; its name stays.</summary>
    private async Task ChangeAsync(HttpContext context, string notAnObject, Func<JsonObject, JsonObject, JsonObject> change)
    {
        var (ifMatch, body) = await ReadChangeAsync(context);
        if (body is null) return;
        var name = PoolName(context);
        if (body is not JsonObject given)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, notAnObject);
            return;
        }
        await CommitAsync(context, ifMatch, "apppool-set", document =>
        {
            if (AppPoolDocument.Find(document, name) is not { } found)
                return new ApiRefusal(StatusCodes.Status404NotFound, AppPoolDocument.NoSuchPool(AppPoolDocument.Names(document), name));
            if (Renamed(given, found) is { } refusal) return refusal;
            var changed = change(given, found.Pool);
            changed["name"] = found.Name;
            AppPoolDocument.Pools(document)[found.Index] = changed;
            return null;
        });
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var name = PoolName(context);
        await CommitAsync(context, ifMatch, "apppool-remove", document =>
        {
            if (AppPoolDocument.Find(document, name) is not { } found)
                return new ApiRefusal(StatusCodes.Status404NotFound, AppPoolDocument.NoSuchPool(AppPoolDocument.Names(document), name));
            if (AppPoolDocument.Typed(document) is { } config && AppPoolDocument.UsedBy(config, found.Name) is { Count: > 0 } users)
                return new ApiRefusal(StatusCodes.Status409Conflict,
                    $"application pool {AppPoolDocument.Quote(found.Name)} is used by {string.Join(", ", users)}; move them to another pool first");
            AppPoolDocument.Pools(document).RemoveAt(found.Index);
            return null;
        });
    }

    /// <summary>Sites and applications name their pool, so a pool keeps its name; a body may repeat it (in any case) or leave it out.</summary>
    private static ApiRefusal? Renamed(JsonObject body, FoundPool found) =>
        body["name"] is JsonValue v && v.TryGetValue(out string? named) && !string.Equals(named.Trim(), found.Name, StringComparison.OrdinalIgnoreCase)
            ? new ApiRefusal(StatusCodes.Status400BadRequest,
                $"a pool cannot be renamed here ({AppPoolDocument.Quote(found.Name)} to {AppPoolDocument.Quote(named)}): sites and applications name it; add a new pool, move them, then remove this one")
            : null;

    private static async Task<(long? IfMatch, JsonNode? Body)> ReadChangeAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return (null, null);
        }
        var (value, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (problem is not null)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem);
            return (null, null);
        }
        return (ifMatch, value ?? JsonValue.Create(0));
    }

    private Task CommitAsync(HttpContext context, long? ifMatch, string action, Func<JsonNode, ApiRefusal?> change) =>
        PoolCommit.AnswerAsync(context, store, commits, ifMatch, action, change);

    /// <summary>The route value is decoded once by routing; a pool's name holds no '/', so nothing is left encoded.</summary>
    internal static string PoolName(HttpContext context) => context.Request.RouteValues["name"]?.ToString() ?? "";
}
