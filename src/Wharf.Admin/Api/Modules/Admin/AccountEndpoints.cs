using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Admin.Http.Auth;
using Wharf.Config.Accounts;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// <c>/api/admin/users</c> and <c>/api/admin/tokens</c> (admin role only): Wharf's own
/// administrator accounts and API tokens, kept in state/admin/, never in wharf.json.
/// </summary>
internal sealed class AccountEndpoints(Credentials credentials, AuthAudit audit, TimeProvider time)
{
    public const int MinPasswordLength = 12;

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/admin/users", (RequestDelegate)ListUsersAsync);
        api.MapPost("/api/admin/users", (RequestDelegate)AddUserAsync);
        api.MapPut("/api/admin/users/{name}/password", (RequestDelegate)PasswordAsync);
        api.MapDelete("/api/admin/users/{name}", (RequestDelegate)RemoveUserAsync);
        api.MapGet("/api/admin/tokens", (RequestDelegate)ListTokensAsync);
        api.MapPost("/api/admin/tokens", (RequestDelegate)AddTokenAsync);
        api.MapDelete("/api/admin/tokens/{name}", (RequestDelegate)RemoveTokenAsync);
    }

    private Task ListUsersAsync(HttpContext context) =>
        ApiResults.Json(context, new JsonArray([.. credentials.Files.Accounts.Read().Accounts.Select(a => (JsonNode)new JsonObject
        {
            ["name"] = a.Name,
            ["role"] = AdminRoles.Spell(a.Role),
            ["created"] = Time(a.Created),
            ["passwordChanged"] = Time(a.PasswordChanged),
        })]));

    private async Task AddUserAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body) return;
        var name = Text(body, "name");
        var password = Text(body, "password");
        if (CheckName(name) is { } bad || CheckPassword(password) is { } weak || !TryRole(body, out var role))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, CheckName(name) ?? CheckPassword(password) ?? "role is \"read\" or \"admin\"");
            return;
        }
        var hash = PasswordHash.Hash(password!);
        var now = time.GetUtcNow();
        var added = credentials.Files.Accounts.Update(current => current.Find(name!) is not null
            ? ((AccountsDocument?)null, false)
            : (new AccountsDocument([.. current.Accounts, new AdminAccount(name!, role, hash, now, now)]), true));
        if (!added)
        {
            await ApiResults.Error(context, StatusCodes.Status409Conflict, $"there is already an account \"{name}\"; change its password with `wharf admin user passwd {name}`");
            return;
        }
        audit.Write(AdminCaller.Of(context).ToActor(), AuthAudit.UserAdd, $"{name} ({AdminRoles.Spell(role)})");
        await ApiResults.Json(context, new JsonObject { ["name"] = name, ["role"] = AdminRoles.Spell(role) }, StatusCodes.Status201Created);
    }

    private async Task PasswordAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        if (await ReadAsync(context) is not { } body) return;
        var password = Text(body, "password");
        if (CheckPassword(password) is { } weak)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, weak);
            return;
        }
        var hash = PasswordHash.Hash(password!);
        var now = time.GetUtcNow();
        var changed = credentials.Files.Accounts.Update(current => current.Find(name) is null
            ? ((AccountsDocument?)null, false)
            : (new AccountsDocument([.. current.Accounts.Select(a => a.Name == name ? a with { Hash = hash, PasswordChanged = now } : a)]), true));
        if (!changed)
        {
            await ApiResults.Error(context, StatusCodes.Status404NotFound, $"there is no account \"{name}\"");
            return;
        }
        var ended = credentials.Sessions.RevokeUser(name);
        audit.Write(AdminCaller.Of(context).ToActor(), AuthAudit.UserPassword, $"{name}; {ended} session(s) ended");
        await ApiResults.Json(context, new JsonObject { ["name"] = name, ["sessionsEnded"] = ended });
    }

    private async Task RemoveUserAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var outcome = credentials.Files.Accounts.Update(current =>
            current.Find(name) is null ? ((AccountsDocument?)null, StatusCodes.Status404NotFound)
            // Tokens and admin.sock still reach the API, but the console would be locked out for good.
            : current.Accounts.Count == 1 ? (null, StatusCodes.Status409Conflict)
            : (new AccountsDocument([.. current.Accounts.Where(a => a.Name != name)]), StatusCodes.Status200OK));
        if (outcome != StatusCodes.Status200OK)
        {
            await ApiResults.Error(context, outcome, outcome == StatusCodes.Status404NotFound
                ? $"there is no account \"{name}\""
                : $"\"{name}\" is the last account; add another before removing it");
            return;
        }
        var ended = credentials.Sessions.RevokeUser(name);
        audit.Write(AdminCaller.Of(context).ToActor(), AuthAudit.UserRemove, $"{name}; {ended} session(s) ended");
        await ApiResults.Json(context, new JsonObject { ["name"] = name, ["sessionsEnded"] = ended });
    }

    private Task ListTokensAsync(HttpContext context) =>
        ApiResults.Json(context, new JsonArray([.. credentials.Files.Tokens.Read().Tokens.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["role"] = AdminRoles.Spell(t.Role),
            ["created"] = Time(t.Created),
        })]));

    private async Task AddTokenAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body) return;
        var name = Text(body, "name");
        if (CheckName(name) is { } bad || !TryRole(body, out var role))
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, CheckName(name) ?? "role is \"read\" or \"admin\"");
            return;
        }
        var token = PasswordHash.RandomSecret(32);
        var added = credentials.Files.Tokens.Update(current => current.Tokens.Any(t => t.Name == name)
            ? ((TokensDocument?)null, false)
            : (new TokensDocument([.. current.Tokens, new ApiToken(name!, role, PasswordHash.Sha256(token), time.GetUtcNow())]), true));
        if (!added)
        {
            await ApiResults.Error(context, StatusCodes.Status409Conflict, $"there is already a token \"{name}\"; remove it first to replace it");
            return;
        }
        audit.Write(AdminCaller.Of(context).ToActor(), AuthAudit.TokenAdd, $"{name} ({AdminRoles.Spell(role)})");
        context.Response.Headers.CacheControl = "no-store";
        // The only time the token is ever shown: only its hash is kept.
        await ApiResults.Json(context, new JsonObject { ["name"] = name, ["role"] = AdminRoles.Spell(role), ["token"] = token }, StatusCodes.Status201Created);
    }

    private async Task RemoveTokenAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var removed = credentials.Files.Tokens.Update(current => current.Tokens.Any(t => t.Name == name)
            ? (new TokensDocument([.. current.Tokens.Where(t => t.Name != name)]), true)
            : ((TokensDocument?)null, false));
        if (!removed)
        {
            await ApiResults.Error(context, StatusCodes.Status404NotFound, $"there is no token \"{name}\"");
            return;
        }
        audit.Write(AdminCaller.Of(context).ToActor(), AuthAudit.TokenRemove, name);
        await ApiResults.Json(context, new JsonObject { ["name"] = name });
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        var (body, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (body is JsonObject o) return o;
        await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem ?? "send a JSON object");
        return null;
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool TryRole(JsonObject body, out AdminRole role)
    {
        role = AdminRole.Admin;
        return body["role"] is null || AdminRoles.TryParse(Text(body, "role"), out role);
    }

    /// <summary>Letters, digits, '.', '_' and '-', up to 64: no ':' (the audit log's <c>token:</c> and <c>unix:</c> prefixes), no space.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrEmpty(name) ? "name is required"
        : name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"\"{name}\" is not a name: use up to 64 letters, digits, '.', '_' and '-'"
            : null;

    public static string? CheckPassword(string? password) =>
        password is null ? "password is required"
        : password.Length < MinPasswordLength ? $"the password is shorter than {MinPasswordLength} characters"
        : password.Length > 1024 ? "the password is longer than 1024 characters"
        : null;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
