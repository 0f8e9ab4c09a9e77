using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>A site found in the configuration document: its index in <c>/sites</c>, its name and its object.</summary>
internal sealed record FoundSite(int Index, string Name, JsonObject Site)
{
    public string Pointer => string.Create(CultureInfo.InvariantCulture, $"/sites/{Index}");

    public long? Id => JsonText.Long(Site["id"]);

    /// <summary><c>"Shop" (id 2)</c>, as messages name a site.</summary>
    public string Described => Id is { } id ? $"{SiteDocument.Quote(Name)} (id {id})" : SiteDocument.Quote(Name);
}

/// <summary>
/// The sites of a configuration document as read from the admin API. Names match ignoring case,
/// as IIS matches them (and as the validator keeps them unique).
/// </summary>
internal static class SiteDocument
{
    public static JsonArray Sites(JsonNode? document) => document?["sites"] as JsonArray ?? [];

    public static FoundSite? Find(JsonNode? document, string name)
    {
        var sites = Sites(document);
        for (var i = 0; i < sites.Count; i++)
        {
            if (sites[i] is JsonObject site && JsonText.String(site["name"]) is { } siteName
                && string.Equals(siteName.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                return new FoundSite(i, siteName, site);
        }
        return null;
    }

    /// <summary>What to say when no site has that name: the names there are.</summary>
    public static string NoSuchSite(JsonNode? document, string name)
    {
        var names = Names(document);
        var there = names.Count == 0 ? "there are no sites" : "the sites are " + string.Join(", ", names.Select(Quote));
        return $"there is no site named {Quote(name)}; {there} (`wharf site list`)";
    }

    public static IReadOnlyList<string> Names(JsonNode? document) =>
        [.. Sites(document).OfType<JsonObject>().Select(s => JsonText.String(s["name"])).OfType<string>()];

    /// <summary>The id a new site gets: the smallest unused one, as ConfigValidator suggests and IIS does.</summary>
    public static long SmallestFreeId(JsonNode? document)
    {
        var used = Sites(document).OfType<JsonObject>().Select(s => JsonText.Long(s["id"])).OfType<long>().ToHashSet();
        long id = 1;
        while (used.Contains(id)) id++;
        return id;
    }

    public static string Quote(string? text) => text is null ? "null" : JsonText.Quote(text);
}
