using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Api;
using Wharf.Admin.Http;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary><c>/api/config/history</c>, <c>/diff</c> and <c>/rollback</c>: every kept version can be seen, compared and restored.</summary>
internal sealed class HistoryEndpoints(ConfigStore store, CommitPipeline commits)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/config/history", (RequestDelegate)ListAsync);
        api.MapGet("/api/config/history/{version}", (RequestDelegate)ShowAsync);
        api.MapGet("/api/config/diff", (RequestDelegate)DiffAsync);
        api.MapPost("/api/config/rollback", (RequestDelegate)RollbackAsync);
    }

    private Task ListAsync(HttpContext context)
    {
        var current = store.ReadState().Current?.Version;
        return ApiResults.Json(context, new JsonArray(store.History().Select(h => (JsonNode)new JsonObject
        {
            ["version"] = h.Version,
            ["savedAt"] = h.SavedAt.ToString("O", CultureInfo.InvariantCulture),
            ["bytes"] = h.Bytes,
            ["current"] = h.Version == current,
        }).ToArray()));
    }

    private Task ShowAsync(HttpContext context)
    {
        if (!TryVersion(context.Request.RouteValues["version"]?.ToString(), out var version))
            return ApiResults.Error(context, StatusCodes.Status400BadRequest, "a version is a whole number: /api/config/history/7");
        return store.ReadVersion(version) is { } kept
            ? ApiResults.Json(context, kept.Document.DeepClone(), etag: kept.Version)
            : ApiResults.Error(context, StatusCodes.Status404NotFound, NotKept(version));
    }

    private Task DiffAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryVersion(query["from"].ToString(), out var from))
            return ApiResults.Error(context, StatusCodes.Status400BadRequest, "give the versions to compare: /api/config/diff?from=6&to=7 (to defaults to the current version)");
        long? to = null;
        if (query["to"].ToString() is { Length: > 0 } toText)
        {
            if (!TryVersion(toText, out var v)) return ApiResults.Error(context, StatusCodes.Status400BadRequest, "to is a whole number");
            to = v;
        }
        var current = store.ReadState().Current?.Version ?? 0;
        var changes = store.Diff(from, to);
        if (changes is null)
            return ApiResults.Error(context, StatusCodes.Status404NotFound, $"{NotKept(store.ReadVersion(from) is null ? from : to ?? current)}");
        return ApiResults.Json(context, new JsonObject
        {
            ["from"] = from,
            ["to"] = to ?? current,
            ["changes"] = CommitPipeline.Changes(changes),
        });
    }

    private async Task RollbackAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var (body, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (problem is not null || body?["version"] is not JsonValue value || !value.TryGetValue<long>(out var version))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem ?? "send the version to roll back to: {\"version\": 6}");
            return;
        }
        var caller = AdminCaller.Of(context);
        await commits.AnswerAsync(context, () => store.Rollback(version, ifMatch, caller.ToActor()));
    }

    private string NotKept(long version)
    {
        var kept = store.History().Select(h => h.Version).ToArray();
        return $"version {version} is not kept; history holds {(kept.Length == 0 ? "nothing" : string.Join(", ", kept.Order()))}";
    }

    private static bool TryVersion(string? text, out long version) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
}
