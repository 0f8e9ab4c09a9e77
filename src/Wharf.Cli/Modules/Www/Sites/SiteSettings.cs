using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Config;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>One <c>key=value</c> of `wharf site set`: where in the site (the names as the configuration spells them) and the JSON value.</summary>
internal sealed record SiteSetting(IReadOnlyList<string> Path, JsonNode? Value)
{
    public string Key => string.Join('.', Path);
}

/// <summary>
/// Reads `wharf site set` assignments against the configuration's JSON Schema (the one Wharf ships,
/// generated from the model): keys are dotted paths into a site (<c>limits.maxBandwidth</c>),
/// matched ignoring case as appcmd matches attribute names, and an unknown key is refused before
/// anything is sent. A value is JSON where the field takes it (<c>65536</c>, <c>true</c>,
/// <c>null</c>, <c>["a.html"]</c>) and text where the field is text (<c>physicalPath=2024</c> is the
/// folder "2024"); enum values match ignoring case (<c>period=Hourly</c>). Whether the value fits
/// is the admin API's to say (its validator names the field).
/// </summary>
internal static class SiteSettings
{
    private static readonly Lazy<JsonObject> Schema = new(() => JsonNode.Parse(ConfigSchema.Shipped())!.AsObject());

    public static (IReadOnlyList<SiteSetting> Settings, string? Error) Parse(IReadOnlyList<string> assignments)
    {
        if (assignments.Count == 0) return ([], "name at least one setting as key=value, such as physicalPath=/srv/www or limits.maxBandwidth=65536");
        var settings = new List<SiteSetting>();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return ([], $"'{assignment}' is not key=value; write a setting such as physicalPath=/srv/www (`wharf site show NAME` lists them)");
            var (path, schema, error) = Resolve(assignment[..equals].Trim());
            if (error is not null) return ([], error);
            settings.Add(new SiteSetting(path, Value(assignment[(equals + 1)..], schema!)));
        }
        return (settings, null);
    }

    /// <summary>Sets each value in a copy of the site; an array index that is not there is an error.</summary>
    public static (JsonObject? Site, string? Error) Apply(JsonObject site, IReadOnlyList<SiteSetting> settings)
    {
        var copy = site.DeepClone().AsObject();
        foreach (var setting in settings)
        {
            JsonNode node = copy;
            for (var i = 0; i < setting.Path.Count; i++)
            {
                var segment = setting.Path[i];
                var last = i == setting.Path.Count - 1;
                if (node is JsonArray array)
                {
                    var index = int.Parse(segment, CultureInfo.InvariantCulture);
                    if (index >= array.Count)
                        return (null, $"{string.Join('.', setting.Path.Take(i))} has {array.Count} element(s); there is no element {index} to set");
                    if (last) array[index] = setting.Value?.DeepClone();
                    else node = array[index] ?? (array[index] = new JsonObject())!;
                }
                else if (node is JsonObject obj)
                {
                    if (last) obj[segment] = setting.Value?.DeepClone();
                    else node = obj[segment] ?? (obj[segment] = NewContainer(setting.Path[i + 1]))!;
                }
                else
                {
                    return (null, $"{string.Join('.', setting.Path.Take(i))} is not an object; set it as a whole");
                }
            }
        }
        return (copy, null);
    }

    /// <summary>The fields of the object at <paramref name="path"/> in a site (the site itself when empty), in the model's order.</summary>
    public static IReadOnlyList<string> Fields(IReadOnlyList<string> path) => Fields(Site(), "site", path);

    /// <summary>As <see cref="Fields(IReadOnlyList{string})"/>, inside an element of another list of the configuration (<see cref="ItemsOf"/>).</summary>
    public static IReadOnlyList<string> Fields(JsonObject start, string noun, IReadOnlyList<string> path)
    {
        var schema = path.Count == 0 ? start : Resolve(string.Join('.', path), start, noun).Schema;
        return schema is not null && Properties(schema) is { } properties ? [.. properties.Select(p => p.Key)] : [];
    }

    /// <summary>The schema of one element of a top-level list of the configuration: "sites", "applicationPools".</summary>
    public static JsonObject ItemsOf(string list) => Deref(Schema.Value["properties"]?[list]?["items"])!;

    private static JsonNode NewContainer(string next) => int.TryParse(next, out _) ? new JsonArray() : new JsonObject();

    private static JsonObject Site() => Deref(Schema.Value["properties"]?["sites"]?["items"])!;

    private static (IReadOnlyList<string> Path, JsonObject? Schema, string? Error) Resolve(string key) => Resolve(key, Site(), "site");

    /// <summary>A dotted key inside an object of the schema <paramref name="start"/>: its path as the configuration spells it, and the field's schema.</summary>
    internal static (IReadOnlyList<string> Path, JsonObject? Schema, string? Error) Resolve(string key, JsonObject start, string noun)
    {
        var path = new List<string>();
        var schema = start;
        var segments = key.Split('.');
        foreach (var segment in segments)
        {
            var where = path.Count == 0 ? "a " + noun : string.Join('.', path);
            if (segment.Length == 0)
                return ([], null, $"'{key}' is not a setting (an empty name between dots)");
            if (Properties(schema) is { } properties)
            {
                var match = properties.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase));
                if (match.Key is null)
                    return ([], null, $"'{key}' is not a {noun} setting: {where} has no '{segment}'; it has {string.Join(", ", properties.Select(p => p.Key))}");
                path.Add(match.Key);
                schema = Deref(match.Value)!;
            }
            else if (Types(schema).Contains("array") && schema["items"] is { } items)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    return ([], null, $"'{key}' is not a {noun} setting: {where} is a list; name an element by its number (0 is the first), or set the whole list as JSON");
                path.Add(index.ToString(CultureInfo.InvariantCulture));
                schema = Deref(items)!;
            }
            else
            {
                return ([], null, $"'{key}' is not a {noun} setting: {where} is a single value, with nothing inside");
            }
        }
        return (path, schema, null);
    }

    internal static JsonNode? Value(string text, JsonObject schema)
    {
        var types = Types(schema);
        if (schema["enum"] is JsonArray names)
        {
            var named = names.Select(n => n?.GetValue<string>()).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (named is not null) return JsonValue.Create(named);
        }
        if (types.Contains("boolean") && bool.TryParse(text.Trim(), out var flag)) return JsonValue.Create(flag);

        JsonNode? parsed = null;
        var isJson = false;
        try
        {
            parsed = JsonNode.Parse(text);
            isJson = true;
        }
        catch (JsonException) { }

        if (isJson && (types.Count == 0 || types.Contains(Kind(parsed)) || (Kind(parsed) == "integer" && types.Contains("number"))))
            return parsed;
        if (types.Contains("string") && !(isJson && parsed is null)) return JsonValue.Create(text);
        // Not what the field takes: sent as typed, for the admin API to say what the field wants.
        return isJson ? parsed : JsonValue.Create(text);
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => node is JsonValue v && v.TryGetValue(out long _) ? "integer" : "number",
        _ => "null",
    };

    private static List<KeyValuePair<string, JsonNode?>>? Properties(JsonObject schema) =>
        schema["properties"] is JsonObject properties ? [.. properties] : null;

    private static HashSet<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray list => [.. list.Select(t => t?.GetValue<string>()).OfType<string>()],
        JsonValue one when one.TryGetValue(out string? type) => [type],
        _ => [],
    };

    // The generated schema refers to a shape it already described ("$ref": "#/properties/...").
    private static JsonObject? Deref(JsonNode? node)
    {
        for (var hops = 0; node is JsonObject o && o["$ref"] is JsonValue r && r.TryGetValue(out string? target) && hops < 8; hops++)
        {
            node = Schema.Value;
            foreach (var segment in target.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }
        return node as JsonObject;
    }
}
