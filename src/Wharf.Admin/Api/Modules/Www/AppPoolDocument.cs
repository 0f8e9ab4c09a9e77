using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Config.Store;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>A pool found in a configuration document: its index in <c>/applicationPools</c>, its name as written and its object.</summary>
internal sealed record FoundPool(int Index, string Name, JsonObject Pool)
{
    public string Pointer => string.Create(CultureInfo.InvariantCulture, $"/applicationPools/{Index}");
}

/// <summary>
/// The application pools of a configuration document, as the endpoints change them inside a
/// commit (under the store's lock). Names match ignoring case, as IIS matches them.
/// </summary>
internal static class AppPoolDocument
{
    public static JsonArray Pools(JsonNode document)
    {
        if (document is not JsonObject root) throw new ConfigPathException(ConfigPathProblem.Malformed, "the configuration is not a JSON object");
        if (root["applicationPools"] is JsonArray pools) return pools;
        pools = [];
        root["applicationPools"] = pools;
        return pools;
    }

    public static FoundPool? Find(JsonNode document, string name)
    {
        var pools = document["applicationPools"] as JsonArray ?? [];
        for (var i = 0; i < pools.Count; i++)
        {
            if (pools[i] is JsonObject pool && pool["name"] is JsonValue value && value.TryGetValue(out string? poolName)
                && string.Equals(poolName.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                return new FoundPool(i, poolName, pool);
        }
        return null;
    }

    /// <summary>What to say when no pool has that name: the names there are.</summary>
    public static string NoSuchPool(IEnumerable<string> names, string name)
    {
        var there = names.ToList();
        var list = there.Count == 0 ? "there are no application pools" : "the pools are " + string.Join(", ", there.Select(Quote));
        return $"there is no application pool named {Quote(name)}; {list}";
    }

    public static IEnumerable<string> Names(JsonNode document) =>
        (document["applicationPools"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => p["name"] is JsonValue v && v.TryGetValue(out string? n) ? n : null).OfType<string>();

    /// <summary>
    /// Where a pool is used: "site \"Shop\"" for a site's root application, "application \"Shop/blog\""
    /// for another. Read through the typed model, so a site that leaves its pool out counts as
    /// DefaultAppPool's, as it is served.
    /// </summary>
    public static IReadOnlyList<string> UsedBy(WharfConfig config, string pool)
    {
        var users = new List<string>();
        foreach (var site in config.Sites)
        {
            if (string.Equals(site.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase))
                users.Add($"site {Quote(site.Name)}");
            users.AddRange(site.Applications
                .Where(a => string.Equals(a.ApplicationPool, pool, StringComparison.OrdinalIgnoreCase))
                .Select(a => $"application {Quote(site.Name + a.Path)}"));
        }
        return users;
    }

    /// <summary>The document decoded as the services would decode it; null when it is not valid (the commit then says why).</summary>
    public static WharfConfig? Typed(JsonNode document)
    {
        var loaded = ConfigReader.Parse(document.ToJsonString());
        return loaded.IsValid ? loaded.Config : null;
    }

    /// <summary>RFC 7396 JSON Merge Patch: members of <paramref name="patch"/> replace those of <paramref name="target"/>; null removes one.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes) return patch?.DeepClone();
        var result = target is JsonObject existing ? existing.DeepClone().AsObject() : [];
        foreach (var (key, value) in changes)
        {
            if (value is null) result.Remove(key);
            else result[key] = MergePatch(result[key], value);
        }
        return result;
    }

    /// <summary>A name as JSON writes it, so a message shows exactly what is in the file.</summary>
    public static string Quote(string? text) =>
        text is null ? "null" : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
