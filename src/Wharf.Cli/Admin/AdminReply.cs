using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Admin;

/// <summary>What the admin API answered: the status, the version named by its ETag, the body as received.</summary>
internal sealed record AdminReply(int Status, string? ETag, string Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The session cookie a login over HTTPS set.</summary>
    public string? SetCookie { get; init; }

    /// <summary>The version an ETag <c>"N"</c> (or weak <c>W/"N"</c>) names; null when there is none.</summary>
    public long? ETagVersion => ParseETag(ETag);

    /// <summary>The body as JSON; null when it is empty. Throws <see cref="JsonException"/> when it is not JSON.</summary>
    public JsonNode? Json() => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    internal static long? ParseETag(string? tag)
    {
        if (string.IsNullOrEmpty(tag)) return null;
        var text = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
        return long.TryParse(text.Trim('"'), out var version) ? version : null;
    }
}
