using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>A pool found in a configuration document read from the admin API: its index, its name as written and its object.</summary>
internal sealed record AppPoolFound(int Index, string Name, JsonObject Pool)
{
    public string Described => SiteDocument.Quote(Name);

    public string Pointer => string.Create(CultureInfo.InvariantCulture, $"/applicationPools/{Index}");

    /// <summary>Names match ignoring case, as IIS matches them (and as the validator keeps them unique).</summary>
    public static AppPoolFound? Find(JsonNode? document, string name)
    {
        var pools = document?["applicationPools"] as JsonArray ?? [];
        for (var i = 0; i < pools.Count; i++)
        {
            if (pools[i] is JsonObject pool && JsonText.String(pool["name"]) is { } poolName
                && string.Equals(poolName.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                return new AppPoolFound(i, poolName, pool);
        }
        return null;
    }

    /// <summary>What to say when no pool has that name: the names there are.</summary>
    public static string NoSuchPool(JsonNode? document, string name)
    {
        var names = (document?["applicationPools"] as JsonArray ?? []).OfType<JsonObject>().Select(p => JsonText.String(p["name"])).OfType<string>().ToList();
        var there = names.Count == 0 ? "there are no application pools" : "the pools are " + string.Join(", ", names.Select(SiteDocument.Quote));
        return $"there is no application pool named {SiteDocument.Quote(name)}; {there} (`wharf apppool list`)";
    }
}
