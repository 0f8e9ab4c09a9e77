using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Wharf.Config.Json;
using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>
/// The JSON Schema of <c>wharf.json</c>, generated from the same source-generated contract the
/// reader uses, so editors flag what Wharf would refuse. The copy in <c>schema/wharf.schema.json</c>
/// ships inside this assembly; a test keeps it equal to <see cref="Generate"/>.
/// </summary>
public static class ConfigSchema
{
    public const string FileName = "wharf.schema.json";

    private const string DurationDescription =
        "A duration: a TimeSpan as applicationHost.config writes it, [d.]hh:mm:ss[.fffffff] (\"00:00:05\"; \"1.05:00:00\" is 29 hours), or a whole number of seconds.";

    /// <summary>The simplest of ConfigValidator's rules, stated where an editor can show them as the file is typed.</summary>
    private static readonly Dictionary<(Type, string), (long Minimum, long? Maximum)> Limits = new()
    {
        [(typeof(WharfConfig), "version")] = (0, null),
        [(typeof(WharfConfig), "maxHistoryFiles")] = (1, null),
        [(typeof(ServiceConfig), "pingMissedLimit")] = (1, null),
        [(typeof(RapidFailConfig), "maxFailures")] = (1, null),
        [(typeof(SiteConfig), "id")] = (1, null),
        [(typeof(BindingConfig), "port")] = (1, 65535),
    };

    public static string Generate()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var generated = ConfigJsonContext.Default.WharfConfig.GetJsonSchemaAsNode(exporterOptions).AsObject();

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Wharf configuration",
            ["description"] = "config/wharf.json under the Wharf data root. Unknown fields are errors. Change it with `wharf config` or edit it while Wharf runs: a valid edit becomes the next version; an invalid one is refused with the field and the reason.",
        };
        foreach (var (name, value) in generated.ToList())
        {
            generated.Remove(name);
            schema[name] = value;
        }
        // Each entry of a name-keyed map (every service) refers to its value's schema, written once here.
        var definitions = new JsonObject();
        foreach (var map in new[] { NamedMap.Services })
        {
            var contract = ConfigJsonContext.Default.GetTypeInfo(map.ValueType)!;
            definitions[map.What] = Rebase(contract.GetJsonSchemaAsNode(exporterOptions), DefinitionPointer(map));
        }
        schema["$defs"] = definitions;
        return Write(schema);
    }

    /// <summary>The schema built into this assembly (the checked-in copy when it was compiled).</summary>
    public static string Shipped()
    {
        using var stream = typeof(ConfigSchema).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(ConfigSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        if (NamedMap.For(type) is { } map)
        {
            // Its converter is custom, so the exporter knows nothing of its fields: list the names.
            var properties = new JsonObject();
            foreach (var name in map.Names) properties[name] = new JsonObject { ["$ref"] = DefinitionPointer(map) };
            schema = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = properties,
                ["additionalProperties"] = false,
            };
        }
        else if (type == typeof(TimeSpan))
        {
            // The converter is custom, so the exporter knows nothing of it: say what it accepts.
            schema = new JsonObject
            {
                ["description"] = DurationDescription,
                ["type"] = new JsonArray("string", "integer"),
                ["pattern"] = DurationConverter.Pattern.Replace("^-?", "^", StringComparison.Ordinal),
                ["minimum"] = 0,
            };
        }
        else if (type.IsEnum && schema is JsonObject enumSchema && !enumSchema.ContainsKey("type"))
        {
            enumSchema.Insert(0, "type", "string");
        }
        else if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject objectSchema)
        {
            // Strict decoding refuses unknown fields; the schema must say so for editors to.
            objectSchema["additionalProperties"] = false;
        }

        if (context.PropertyInfo is { } property && schema is JsonObject propertySchema)
        {
            if (Limits.TryGetValue((property.DeclaringType, property.Name), out var limit))
            {
                propertySchema["minimum"] = limit.Minimum;
                if (limit.Maximum is { } maximum) propertySchema["maximum"] = maximum;
            }
            // Objects get no default of their own: their fields each state one. A site's id has
            // no useful default: 0 is refused, and the store gives each site its own.
            var noDefault = context.TypeInfo.Kind == JsonTypeInfoKind.Object
                || NamedMap.For(type) is not null
                || (property.DeclaringType == typeof(SiteConfig) && property.Name == "id");
            if (!noDefault && RecordDefaults.Of(property) is { } value)
                propertySchema["default"] = value.DeepClone();
        }
        return schema;
    }

    private static string DefinitionPointer(NamedMap map) => "#/$defs/" + map.What;

    /// <summary>A schema exported on its own refers to its repeated parts from its own root; under $defs they need its path.</summary>
    private static JsonNode Rebase(JsonNode node, string pointer)
    {
        foreach (var reference in Descendants(node).OfType<JsonObject>())
        {
            if (reference["$ref"] is JsonValue value && (string)value! is { } target && target.StartsWith('#'))
                reference["$ref"] = pointer + target[1..];
        }
        return node;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.ToList())
            foreach (var descendant in Descendants(child))
                yield return descendant;
    }

    private static string Write(JsonNode schema)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            schema.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
