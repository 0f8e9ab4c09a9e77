using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Api;
using Wharf.Admin.Http;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary><c>/api/config/backups</c>: named copies kept until deleted, restorable as a new version.</summary>
internal sealed class BackupEndpoints(ConfigStore store, CommitPipeline commits)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/config/backups", (RequestDelegate)ListAsync);
        api.MapPost("/api/config/backups", (RequestDelegate)CreateAsync);
        api.MapPost("/api/config/backups/{name}/restore", (RequestDelegate)RestoreAsync);
        api.MapDelete("/api/config/backups/{name}", (RequestDelegate)DeleteAsync);
    }

    private Task ListAsync(HttpContext context) =>
        ApiResults.Json(context, new JsonArray(store.Backups().Select(b => (JsonNode)Describe(b)).ToArray()));

    private async Task CreateAsync(HttpContext context)
    {
        var (body, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (problem is not null || body?["name"] is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem ?? "send the backup's name: {\"name\": \"before-upgrade\"}");
            return;
        }
        var caller = AdminCaller.Of(context);
        var result = store.CreateBackup(name, caller.ToActor());
        await (result switch
        {
            BackupResult.Created c => ApiResults.Json(context, Describe(c.Backup), StatusCodes.Status201Created),
            BackupResult.Exists e => ApiResults.Error(context, StatusCodes.Status409Conflict, $"a backup named '{e.Name}' exists already; delete it first or choose another name"),
            BackupResult.InvalidName i => ApiResults.Error(context, StatusCodes.Status400BadRequest, i.Message),
            BackupResult.NothingValid n => ApiResults.Error(context, StatusCodes.Status503ServiceUnavailable, "the store holds no valid configuration to back up", n.FileErrors),
            _ => ApiResults.Error(context, StatusCodes.Status500InternalServerError, $"unexpected store result {result.GetType().Name}"),
        });
    }

    private async Task RestoreAsync(HttpContext context)
    {
        if (!ApiResults.TryReadIfMatch(context.Request, out var ifMatch))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, "If-Match must name a version: If-Match: \"7\"");
            return;
        }
        var name = context.Request.RouteValues["name"]?.ToString() ?? "";
        var caller = AdminCaller.Of(context);
        await commits.AnswerAsync(context, () => store.Restore(name, ifMatch, caller.ToActor()));
    }

    private Task DeleteAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"]?.ToString() ?? "";
        var caller = AdminCaller.Of(context);
        if (!store.DeleteBackup(name, caller.ToActor()))
            return ApiResults.Error(context, StatusCodes.Status404NotFound, $"there is no backup named '{name}'");
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static JsonObject Describe(BackupEntry b) => new()
    {
        ["name"] = b.Name,
        ["version"] = b.Version,
        ["createdAt"] = b.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["bytes"] = b.Bytes,
    };
}
