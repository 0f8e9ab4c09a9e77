using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;

namespace Wharf.Cli.Modules.Www;

/// <summary>
/// `wharf site list` as a table and `wharf site show` as one setting a line. Show names each
/// setting as `wharf site set` takes it (<c>limits.maxBandwidth</c>) and writes its value as set
/// takes it, so what is read can be changed by copying it.
/// </summary>
internal static class SiteRenderer
{
    public static IReadOnlyList<string> Table(JsonArray sites)
    {
        if (sites.Count == 0) return ["no sites; add one with `wharf site add NAME --path DIR --binding http/*:8080:`"];
        var rows = new List<string[]> { new[] { "ID", "NAME", "STATE", "BINDINGS", "PHYSICAL PATH" } };
        foreach (var site in sites.OfType<JsonObject>())
        {
            rows.Add([
                JsonText.Long(site["id"])?.ToString(CultureInfo.InvariantCulture) ?? "-",
                JsonText.String(site["name"]) ?? "-",
                JsonText.String(site["state"]) ?? "started",
                string.Join(",", (site["bindings"] as JsonArray ?? []).Select(BindingText.Format)),
                JsonText.String(site["physicalPath"]) ?? "-",
            ]);
        }
        return TextTable.Format(rows);
    }

    public static IReadOnlyList<string> Show(JsonObject site)
    {
        var rows = new List<string[]>();
        Fields(site, [], rows);
        return TextTable.Format(rows);
    }

    private static void Fields(JsonObject value, List<string> path, List<string[]> rows)
    {
        // The model's fields in its order, so a null (an unlimited limit) shows as null rather than not at all.
        var names = SiteSettings.Fields(path);
        foreach (var name in names.Concat(value.Select(p => p.Key).Where(k => !names.Contains(k))))
        {
            var field = value[name];
            var key = string.Join('.', [.. path, name]);
            switch (path.Count == 0 ? name : "")
            {
                case "bindings":
                    Rows(rows, key, (field as JsonArray ?? []).Select(Binding));
                    continue;
                case "virtualDirectories":
                    Rows(rows, key, Directories(field, ""));
                    continue;
                case "applications":
                    Rows(rows, key, (field as JsonArray ?? []).OfType<JsonObject>().SelectMany(Application));
                    continue;
            }
            if (field is JsonObject inner) Fields(inner, [.. path, name], rows);
            else rows.Add([key, JsonText.Plain(field)]);
        }
    }

    private static void Rows(List<string[]> rows, string key, IEnumerable<string> lines)
    {
        var first = true;
        foreach (var line in lines)
        {
            rows.Add([first ? key : "", line]);
            first = false;
        }
        if (first) rows.Add([key, "-"]);
    }

    private static string Binding(JsonNode? binding)
    {
        var text = BindingText.Format(binding);
        if (binding is not JsonObject b) return text;
        var files = new[] { "certificateFile", "keyFile", "passwordFile" }
            .Where(f => JsonText.String(b[f]) is not null)
            .Select(f => $"{f} {JsonText.String(b[f])}");
        return string.Join("  ", [text, .. files]);
    }

    private static IEnumerable<string> Directories(JsonNode? directories, string under) =>
        (directories as JsonArray ?? []).OfType<JsonObject>()
            .Select(d => $"{under}{JsonText.String(d["path"])} → {JsonText.String(d["physicalPath"])}");

    private static IEnumerable<string> Application(JsonObject application)
    {
        var path = JsonText.String(application["path"]) ?? "?";
        yield return $"{path} → {JsonText.String(application["physicalPath"])}  (pool {JsonText.String(application["applicationPool"]) ?? "-"})";
        foreach (var line in Directories(application["virtualDirectories"], path)) yield return "  " + line;
    }
}
