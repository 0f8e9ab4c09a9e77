using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Wharf.Admin.Console;

/// <summary>
/// The web console: <c>GET /</c> (the shell) and <c>GET /assets/...</c>, from the executable.
/// Everything a page does goes through the admin API; the console holds no state of its own.
/// The same paths answer on admin.sock and on the HTTPS endpoint, where they are the only ones
/// open before logging in (docs/console.md).
/// </summary>
internal static class ConsoleModule
{
    // No inline script or style anywhere in the console, so the policy can forbid both; the pages
    // style SVG through attributes and classes. connect-src 'self' keeps the API calls same-origin.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)ServeAsync);
        app.MapMethods("/assets/{**path}", [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)ServeAsync);
    }

    private static Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        if (ConsoleAssets.Find(context.Request.Path.Value ?? "/") is not { } asset)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("no such file in the console\n");
        }
        // Names carry no version, so every use revalidates; on loopback a 304 costs about nothing.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && IfNoneMatches(v, asset.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content).AsTask();
    }

    private static bool IfNoneMatches(string header, string etag)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*" || part == etag || (part.StartsWith("W/", StringComparison.Ordinal) && part[2..] == etag)) return true;
        }
        return false;
    }
}
