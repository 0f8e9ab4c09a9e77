using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;
using Wharf.Config;

namespace Wharf.Cli.Sites;

/// <summary>
/// The sites as they are in force: the configuration read from the admin API, decoded by the
/// same reader the services use, and written back with every field, defaults included. So `wharf
/// site show` says what applies (a site that does not mention <c>limits</c> shows IIS's limits),
/// not only what someone wrote.
/// </summary>
internal static class SiteView
{
    /// <summary>Every site with all its fields, in configuration order; null (and the reason) when the document does not read.</summary>
    public static (JsonArray? Sites, string? Error) Effective(JsonNode document)
    {
        var loaded = ConfigReader.Parse(JsonText.OneLineOf(document));
        if (!loaded.IsValid)
        {
            var first = loaded.Errors.Count > 0 ? loaded.Errors[0].ToString() : "invalid";
            return (null, $"the configuration the admin service sent does not read here ({first}); are the command and the running Wharf the same version?");
        }
        return (JsonNode.Parse(ConfigWriter.Serialize(loaded.Config!))?["sites"] as JsonArray ?? [], null);
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
