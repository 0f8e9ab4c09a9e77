using System.Text.Json.Nodes;

namespace Wharf.Cli.Rendering;

/// <summary>
/// A list the API answers (history, backups) as aligned columns, one per field in the order the
/// API wrote them, headed by the field names.
/// </summary>
internal static class ListingRenderer
{
    public static IReadOnlyList<string> Table(JsonNode? body, string empty)
    {
        var items = Items(body).OfType<JsonObject>().ToList();
        if (items.Count == 0) return [empty];

        var columns = new List<string>();
        foreach (var item in items)
            foreach (var (key, _) in item)
                if (!columns.Contains(key)) columns.Add(key);

        var rows = new List<string[]> { columns.Select(c => JsonCells.Label(c).ToUpperInvariant()).ToArray() };
        rows.AddRange(items.Select(item => columns.Select(c => JsonCells.TableCell(item[c])).ToArray()));
        return TextTable.Format(rows);
    }

    /// <summary>The list itself, or the one list an object wraps it in (<c>{ "versions": [...] }</c>).</summary>
    internal static IEnumerable<JsonNode?> Items(JsonNode? body) => body switch
    {
        JsonArray list => list,
        JsonObject wrapper => wrapper.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault() ?? [],
        _ => [],
    };
}
