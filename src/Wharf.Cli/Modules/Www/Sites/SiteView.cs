using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;
using Wharf.Config;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>
/// The sites as they are in force: the configuration read from the admin API, decoded by the
/// same reader the services use, and written back with every field, defaults included. So `wharf
/// site show` says what applies (a site that does not mention <c>limits</c> shows IIS's limits),
/// not only what someone wrote.
/// </summary>
internal static class SiteView
{
    /// <summary>
    /// Every site with all its fields, in configuration order. Should this build not read the
    /// document (a Wharf of another version answering), the sites as written, rather than nothing.
    /// </summary>
    public static JsonArray Effective(JsonNode document)
    {
        var loaded = ConfigReader.Parse(JsonText.OneLineOf(document));
        if (!loaded.IsValid) return SiteDocument.Sites(document).DeepClone().AsArray();
        return JsonNode.Parse(ConfigWriter.Serialize(loaded.Config!))?["sites"] as JsonArray ?? [];
    }

    /// <summary>One line of `wharf site list --json`: what the table shows, bindings in IIS's form.</summary>
    public static JsonObject Summary(JsonObject site) => new()
    {
        ["id"] = site["id"]?.DeepClone(),
        ["name"] = site["name"]?.DeepClone(),
        ["state"] = site["state"]?.DeepClone(),
        ["bindings"] = new JsonArray((site["bindings"] as JsonArray ?? []).Select(b => (JsonNode?)JsonValue.Create(BindingText.Format(b))).ToArray()),
        ["physicalPath"] = site["physicalPath"]?.DeepClone(),
        ["applicationPool"] = site["applicationPool"]?.DeepClone(),
    };

    public static string Name(JsonNode? site) => JsonText.String(site?["name"]) ?? "?";
}
