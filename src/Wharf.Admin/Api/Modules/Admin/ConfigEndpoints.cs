using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Api;
using Wharf.Admin.Http;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary><c>/api/config</c>: read the whole configuration or one part, change one part, remove one part.</summary>
internal sealed class ConfigEndpoints(ConfigStore store, CommitPipeline commits)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/config", (RequestDelegate)GetAsync);
        api.MapPut("/api/config", (RequestDelegate)PutAsync);
        api.MapDelete("/api/config", (RequestDelegate)DeleteAsync);
    }

    private Task GetAsync(HttpContext context)
    {
        if (store.ReadState().Current is not { } current)
            return ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, "the store holds no valid configuration");
        var path = context.Request.Query["path"].ToString();
        var resolved = ConfigPath.Resolve(current.Document, path);
        if (!resolved.IsValid)
            return ApiResults.Error(context, resolved.Problem == ConfigPathProblem.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, resolved.Error!);
        if (!ConfigPath.TryGet(current.Document, resolved.Pointer!, out var value))
            return ApiResults.Error(context, StatusCodes.Status404NotFound, $"nothing at {path} in version {current.Version}");
        return ApiResults.Json(context, value?.DeepClone(), etag: current.Version);
    }

    private async Task PutAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var (value, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (problem is not null)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem);
            return;
        }
        var path = context.Request.Query["path"].ToString();
        var whole = path is "" or "/";
        var caller = AdminCaller.Of(context);
        await commits.AnswerAsync(context, () => store.Commit(
            document => whole ? value : ConfigPath.Set(document, path, value),
            ifMatch, caller.ToActor(), whole ? "replace" : "set", Describe(context)));
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var path = context.Request.Query["path"].ToString();
        if (path is "" or "/")
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "name the part to remove with ?path=; the whole configuration cannot be removed");
            return;
        }
        var caller = AdminCaller.Of(context);
        await commits.AnswerAsync(context, () => store.Commit(document =>
        {
            ConfigPath.Remove(document, path);
            return document;
        }, ifMatch, caller.ToActor(), "delete", Describe(context)));
    }

    /// <summary>The request as the audit line shows it: the path decoded, as the administrator wrote it.</summary>
    public static string Describe(HttpContext context) =>
        context.Request.Query["path"].ToString() is { Length: > 0 } path
            ? $"{context.Request.Method} {context.Request.Path}?path={path}"
            : $"{context.Request.Method} {context.Request.Path}";
}
