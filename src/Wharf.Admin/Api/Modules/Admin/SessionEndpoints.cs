using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.Http;
using Wharf.Admin.Http.Auth;
using Wharf.Config.Accounts;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary>
/// <c>/api/session</c>: log in (POST), who am I (GET), log out (DELETE). Wrong user and wrong
/// password read the same, and cost the same time; failures are capped per address and account.
/// </summary>
internal sealed class SessionEndpoints(Credentials credentials, LoginThrottle throttle, AuthAudit audit)
{
    // PBKDF2 takes a core for a good fraction of a second; a burst of logins waits its turn instead of taking them all.
    private static readonly SemaphoreSlim Hashing = new(Math.Max(1, Environment.ProcessorCount / 2));

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/session", (RequestDelegate)LoginAsync);
        api.MapGet("/api/session", (RequestDelegate)ShowAsync);
        api.MapDelete("/api/session", (RequestDelegate)LogoutAsync);
    }

    private async Task LoginAsync(HttpContext context)
    {
        var (body, problem) = await ApiResults.ReadJsonAsync(context.Request, context.RequestAborted);
        if (body is not JsonObject o || o["user"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || o["password"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            await ApiResults.Error(context, StatusCodes.Status400BadRequest, problem ?? "send {\"user\": \"NAME\", \"password\": \"...\"}");
            return;
        }
        var user = o["user"]!.GetValue<string>();
        var password = o["password"]!.GetValue<string>();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "local";

        if (throttle.RetryAfter(address, user) is { } wait)
        {
            audit.Write(AuthAudit.Attempt(user), AuthAudit.LoginRefused, $"from {address}: too many failed logins");
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ApiResults.Error(context, StatusCodes.Status429TooManyRequests, $"too many failed logins; try again in {Math.Ceiling(wait.TotalSeconds):0} s");
            return;
        }

        var account = credentials.Files.Accounts.Read().Find(user);
        bool valid;
        await Hashing.WaitAsync(context.RequestAborted);
        try
        {
            if (account is null) PasswordHash.VerifyNothing(password);
            valid = account is not null && PasswordHash.Verify(password, account.Hash);
        }
        finally
        {
            Hashing.Release();
        }
        if (!valid)
        {
            throttle.Failed(address, user);
            audit.Write(AuthAudit.Attempt(user), AuthAudit.LoginFailed, $"from {address}");
            await ApiResults.Error(context, StatusCodes.Status401Unauthorized, "wrong user name or password");
            return;
        }

        throttle.Succeeded(address, user);
        var (id, session) = credentials.Sessions.Create(account!.Name, account.Role);
        audit.Write(new AdminCaller(account.Name, account.Role).ToActor(), AuthAudit.Login, $"from {address}");
        context.Response.Headers.SetCookie = $"{Credentials.SessionCookie}={id}; Path=/; Secure; HttpOnly; SameSite=Strict";
        context.Response.Headers.CacheControl = "no-store";
        await ApiResults.Json(context, View(session));
    }

    private Task ShowAsync(HttpContext context)
    {
        if (context.Features.Get<AdminCaller>() is not { Session: { } session })
            return ApiResults.Error(context, StatusCodes.Status401Unauthorized, "not logged in");
        context.Response.Headers.CacheControl = "no-store";
        return ApiResults.Json(context, View(session));
    }

    private Task LogoutAsync(HttpContext context)
    {
        if (context.Features.Get<AdminCaller>() is not { Session: { } session } caller)
            return ApiResults.Error(context, StatusCodes.Status401Unauthorized, "not logged in");
        credentials.Sessions.Revoke(context.Request.Cookies[Credentials.SessionCookie]);
        audit.Write(caller.ToActor(), AuthAudit.Logout, null);
        context.Response.Headers.SetCookie = $"{Credentials.SessionCookie}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private JsonObject View(SessionRecord session) => new()
    {
        ["user"] = session.User,
        ["role"] = AdminRoles.Spell(session.Role),
        ["csrf"] = session.Csrf,
        ["expires"] = credentials.Sessions.Expires(session).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}
