using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Wharf.Admin.Tests;

/// <summary>A request as Kestrel would hand it to the admin API, and its answer read back.</summary>
internal static class HttpContexts
{
    public static DefaultHttpContext New()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static string BodyText(HttpContext context)
    {
        var body = (MemoryStream)context.Response.Body;
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    public static JsonObject BodyJson(HttpContext context) => JsonNode.Parse(BodyText(context))!.AsObject();
}
