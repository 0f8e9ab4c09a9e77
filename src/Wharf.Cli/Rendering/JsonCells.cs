using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Rendering;

/// <summary>
/// Any JSON value as the short text of a table cell or a status line, and a camelCase field name
/// as a label. The listing and status answers are rendered from their fields, so a field the
/// admin service adds later shows up without a new CLI.
/// </summary>
internal static class JsonCells
{
    public static string Cell(JsonNode? node) => node switch
    {
        null => "-",
        JsonArray list => list.Count == 0 ? "-" : string.Join(", ", list.Select(Item)),
        JsonObject item => Inline(item),
        _ when JsonText.Bool(node) is { } flag => flag ? "yes" : "no",
        _ when JsonText.String(node) is { } text => Time(text) ?? text,
        _ => JsonText.OneLineOf(node),
    };

    /// <summary>As <see cref="Cell"/>, but false is left blank: a column of flags shows only the one that is set (CURRENT).</summary>
    public static string TableCell(JsonNode? node) => JsonText.Bool(node) == false ? "" : Cell(node);

    /// <summary>An object on one line, <c>label value</c> pairs two spaces apart, nulls left out.</summary>
    public static string Inline(JsonObject item) =>
        string.Join("  ", item.Where(p => p.Value is not null).Select(p => $"{Label(p.Key)} {Cell(p.Value)}"));

    /// <summary><c>previousVersion</c> → <c>previous version</c>.</summary>
    public static string Label(string key)
    {
        var label = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            if (char.IsUpper(c) && label.Length > 0) label.Append(' ');
            label.Append(char.ToLowerInvariant(c));
        }
        return label.ToString();
    }

    // A list of changes names their paths; of backups or versions, their names or numbers.
    private static string Item(JsonNode? node) => node is JsonObject item
        ? JsonText.String(item["path"]) ?? JsonText.String(item["name"]) ?? JsonText.Long(item["version"])?.ToString(CultureInfo.InvariantCulture) ?? JsonText.OneLineOf(item)
        : Cell(node);

    /// <summary>An ISO 8601 time (the API's) as local time to the second; null for any other text.</summary>
    internal static string? Time(string text)
    {
        if (text.Length < 19 || text[10] != 'T') return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)) return null;
        return time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
