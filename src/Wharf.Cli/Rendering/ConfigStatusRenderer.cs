using System.Text.Json.Nodes;

namespace Wharf.Cli.Rendering;

/// <summary>
/// <c>GET /api/config/status</c> as labelled lines: the store's version, whether the file is
/// valid (else every error), the version the services run, a fallback at start, the last hand
/// edit; any other field the API reports, by its name.
/// </summary>
internal static class ConfigStatusRenderer
{
    public static IReadOnlyList<string> Lines(JsonObject status)
    {
        var rows = new List<string[]>();
        var errors = new List<string>();
        foreach (var (key, value) in status)
        {
            switch (key)
            {
                case "file" when value is JsonObject file:
                    rows.Add(["file", FileState(file, errors)]);
                    break;
                case "valid" when JsonText.Bool(value) is { } valid:
                    rows.Add(["file", valid ? "valid" : "invalid"]);
                    break;
                case "errors" when value is JsonArray list:
                    errors.AddRange(ErrorLines(list));
                    break;
                case "runningVersion" or "running":
                    rows.Add(["running", value is null ? "nothing (the services are not running)" : Running(value)]);
                    break;
                case "fallback":
                    rows.Add(["fallback", NoneIfEmpty(value, "none: the file was valid at start")]);
                    break;
                case "lastHandEdit":
                    rows.Add(["last hand edit", NoneIfEmpty(value, "none")]);
                    break;
                default:
                    rows.Add([JsonCells.Label(key), JsonCells.Cell(value)]);
                    break;
            }
        }

        var lines = new List<string>(TextTable.Format(rows));
        if (errors.Count > 0)
        {
            lines.Add("the file's errors (the running configuration stays until it is fixed):");
            lines.AddRange(errors.Select(e => "  " + e));
        }
        return lines;
    }

    private static string FileState(JsonObject file, List<string> errors)
    {
        if (file["errors"] is JsonArray list) errors.AddRange(ErrorLines(list));
        var valid = JsonText.Bool(file["valid"]) ?? errors.Count == 0;
        var rest = new JsonObject();
        foreach (var (key, value) in file)
            if (key is not "valid" and not "errors") rest[key] = value?.DeepClone();
        var details = rest.Count > 0 ? "  " + JsonCells.Inline(rest) : "";
        return (valid ? "valid" : $"invalid ({Count(errors.Count, "error")})") + details;
    }

    private static string Running(JsonNode value) =>
        JsonText.Long(value) is { } version ? $"version {version}" : JsonCells.Cell(value);

    private static string NoneIfEmpty(JsonNode? value, string none) =>
        value is null || JsonText.Bool(value) == false || value is JsonObject { Count: 0 } ? none : JsonCells.Cell(value);

    private static IEnumerable<string> ErrorLines(JsonArray list) =>
        list.Select(e => e is JsonObject error
            ? new Config.ConfigError(JsonText.String(error["path"]) ?? "", JsonText.String(error["message"]) ?? "").ToString()
            : JsonCells.Cell(e));

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
