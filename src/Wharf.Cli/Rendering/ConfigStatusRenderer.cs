using System.Text.Json.Nodes;

namespace Wharf.Cli.Rendering;

/// <summary>
/// <c>GET /api/config/status</c> as labelled lines: the store's version, the newest committed
/// one (with a warning below when the host does not run it), whether
/// config/wharf.json is valid (else every error), the version the host runs on, the fallback
/// note, the last hand edit. A field this CLI does not know is shown by its name, so a newer
/// admin service loses nothing.
/// </summary>
internal static class ConfigStatusRenderer
{
    public static IReadOnlyList<string> Lines(JsonObject status)
    {
        var rows = new List<string[]>();
        var below = new List<string>();
        foreach (var (key, value) in status)
        {
            switch (key)
            {
                case "file" when value is JsonObject file:
                    rows.Add(["file", File(file, below)]);
                    break;
                case "history" when value is JsonObject history:
                    rows.Add(["history", History(history)]);
                    break;
                case "running" when value is JsonObject running:
                    rows.Add(["running", Running(running)]);
                    if (running["error"] is null)
                        rows.Add(["fallback", JsonText.String(running["note"]) is { Length: > 0 } note ? note : "none"]);
                    break;
                case "committed":
                    rows.Add(["committed", JsonText.Long(value) is { } committed ? $"version {committed}" : "none"]);
                    break;
                case "warning":
                    // Loud, and first below the table: a committed version the host does not run.
                    if (JsonText.String(value) is { Length: > 0 } warning) below.Insert(0, $"WARNING: {warning}");
                    break;
                case "lastHandEdit":
                    rows.Add(["last hand edit", value is JsonObject edit ? HandEdit(edit, below) : "none since the admin service started"]);
                    break;
                default:
                    rows.Add([JsonCells.Label(key), JsonCells.Cell(value)]);
                    break;
            }
        }
        return [.. TextTable.Format(rows), .. below];
    }

    private static string File(JsonObject file, List<string> below)
    {
        var errors = ErrorLines(file["errors"]);
        var at = JsonText.String(file["path"]) is { } path ? $": {path}" : "";
        if (JsonText.Bool(file["valid"]) ?? errors.Count == 0)
            return $"valid{at}" + (JsonText.Long(file["version"]) is { } v ? $" (version {v})" : "");

        below.Add("the file's errors (the running configuration stays until they are fixed):");
        below.AddRange(errors.Select(e => "  " + e));
        return $"invalid{at} ({Count(errors.Count, "error")}, below)";
    }

    private static string History(JsonObject history)
    {
        var newest = JsonText.Long(history["newest"]);
        var valid = JsonText.Long(history["newestValid"]);
        if (newest is null) return "empty";
        return valid == newest ? $"newest version {newest}" : $"newest version {newest}, newest valid {valid?.ToString() ?? "none"}";
    }

    private static string Running(JsonObject running)
    {
        if (JsonText.String(running["error"]) is { } error) return $"unknown: {error}";
        var version = JsonText.Long(running["version"]) is { } v ? $"version {v}" : "no version";
        var services = (running["services"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => $"{JsonText.String(s["name"])} {JsonText.String(s["state"])}".Trim())
            .ToList();
        return services.Count > 0 ? $"{version} ({string.Join(", ", services)})" : version;
    }

    private static string HandEdit(JsonObject edit, List<string> below)
    {
        var when = JsonText.String(edit["time"]) is { } time ? (JsonCells.Time(time) ?? time) + " " : "";
        var outcome = JsonText.String(edit["outcome"]) ?? "seen";
        var version = JsonText.Long(edit["version"]) is { } v ? $" as version {v}" : "";
        var errors = ErrorLines(edit["errors"]);
        // An invalid edit is the file as it stands: its errors are already listed under the file.
        if (errors.Count > 0 && !below.Any(line => line == "  " + errors[0]))
        {
            below.Add("the hand edit's errors:");
            below.AddRange(errors.Select(e => "  " + e));
        }
        return $"{when}{outcome}{version}";
    }

    private static List<string> ErrorLines(JsonNode? errors) =>
        [.. (errors as JsonArray ?? []).Select(e => e is JsonObject error
            ? new Config.ConfigError(JsonText.String(error["path"]) ?? "", JsonText.String(error["message"]) ?? "").ToString()
            : JsonCells.Cell(e))];

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
