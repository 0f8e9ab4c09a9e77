using System.Text.Json.Nodes;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Rendering;

/// <summary>
/// A commit (<c>{ version, previousVersion, changes, applied, ok }</c>) and a diff as lines: each
/// change with its old and new value as one-line JSON, so <c>"80"</c> and <c>80</c> differ.
/// </summary>
internal static class ChangeRenderer
{
    public static IReadOnlyList<string> Commit(JsonObject commit)
    {
        var version = JsonText.Long(commit["version"]);
        var lines = new List<string>();
        var changes = commit["changes"] as JsonArray ?? [];
        if (changes.Count == 0)
        {
            var said = JsonText.String(commit["message"]) is { Length: > 0 } message && message.StartsWith("no change", StringComparison.Ordinal)
                ? message
                : "no change: the configuration already says that";
            lines.Add(version is { } v ? $"{said} (version {v})" : said);
        }
        foreach (var change in changes.OfType<JsonObject>())
        {
            var (path, op, old, @new) = Read(change);
            var was = op == "add" ? "(absent)" : JsonText.OneLineOf(old);
            var now = op == "remove" ? "(removed)" : JsonText.OneLineOf(@new);
            lines.Add($"version {version}: {path}: {was} → {now}");
        }

        var rows = new List<string[]>();
        foreach (var applied in (commit["applied"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var row = new List<string> { (JsonText.String(applied["service"]) ?? "?") + ":", JsonText.String(applied["outcome"]) ?? "?" };
            if (JsonText.String(applied["message"]) is { Length: > 0 } message) row.Add(message);
            rows.Add([.. row]);
        }
        lines.AddRange(TextTable.Format(rows));
        return lines;
    }

    /// <summary>The services that did not apply the commit, for the closing advice; empty when <c>ok</c>.</summary>
    public static IReadOnlyList<string> Failed(JsonObject commit) =>
        [.. (commit["applied"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => JsonText.String(a["outcome"]) == ApplyOutcome.Failed.Spelling())
            .Select(a => JsonText.String(a["service"]) ?? "?")];

    /// <summary><c>+ path: new</c>, <c>- path: old</c>, <c>~ path: old → new</c>.</summary>
    public static IReadOnlyList<string> Diff(IEnumerable<JsonObject> changes)
    {
        var lines = new List<string>();
        foreach (var change in changes)
        {
            var (path, op, old, @new) = Read(change);
            lines.Add(op switch
            {
                "add" => $"+ {path}: {JsonText.OneLineOf(@new)}",
                "remove" => $"- {path}: {JsonText.OneLineOf(old)}",
                _ => $"~ {path}: {JsonText.OneLineOf(old)} → {JsonText.OneLineOf(@new)}",
            });
        }
        return lines;
    }

    private static (string Path, string Op, JsonNode? Old, JsonNode? New) Read(JsonObject change)
    {
        var path = JsonText.String(change["path"]) ?? "";
        return (path.Length == 0 ? "/" : path, JsonText.String(change["op"]) ?? "replace", change["old"], change["new"]);
    }
}
