using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.Config;

namespace Wharf.Admin.Http;

/// <summary>Every answer of the admin API is JSON, errors included (docs/admin-api.md).</summary>
internal static class ApiResults
{
    // Paths, names and messages stay readable: '+' and quotes need no escaping in a JSON body.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Json(HttpContext context, JsonNode? body, int status = StatusCodes.Status200OK, long? etag = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (etag is { } version) context.Response.Headers.ETag = ETag(version);
        var text = body is null ? "null" : body.ToJsonString(Indented);
        return context.Response.WriteAsync(text + "\n", Encoding.UTF8);
    }

    public static Task Error(HttpContext context, int status, string message, IReadOnlyList<ConfigError>? errors = null, long? currentVersion = null)
    {
        var body = new JsonObject { ["error"] = message };
        if (errors is { Count: > 0 })
            body["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message }).ToArray());
        if (currentVersion is { } v) body["currentVersion"] = v;
        return Json(context, body, status);
    }

    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>`If-Match: "7"` or `If-Match: 7`; null when absent; false when unreadable.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? version)
    {
        version = null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return true;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)) return false;
        version = v;
        return true;
    }

    /// <summary>The request body as JSON; null with the problem when it is not.</summary>
    public static async Task<(JsonNode? Value, string? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int Limit = 4 * 1024 * 1024;
        if (request.ContentLength > Limit) return (null, $"the body is larger than {Limit} bytes");
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length > Limit) return (null, $"the body is larger than {Limit} bytes");
        if (string.IsNullOrWhiteSpace(text)) return (null, "the body is empty; send the JSON value");
        try
        {
            return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }), null);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
    }
}
