using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Wharf.Config.Model;

namespace Wharf.Config.Json;

/// <summary>
/// <c>"services": { "www": { ... } }</c> to and from <see cref="ServicesConfig"/>. Writes every
/// known service, defaults included, as the rest of the canonical file does. The shape check
/// (<see cref="ShapeChecker"/>) has already named every problem before this reads; the
/// exceptions here are a last guard.
/// </summary>
internal sealed class ServicesConfigConverter : JsonConverter<ServicesConfig>
{
    public override ServicesConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("services must be an object");
        var contract = Contract(options);
        var services = new ServicesConfig();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!ServiceNames.IsKnown(name)) throw new JsonException(NamedMap.Services.Unknown(name));
            if (!seen.Add(name)) throw new JsonException($"service \"{name}\" appears more than once");
            reader.Read();
            var config = JsonSerializer.Deserialize(ref reader, contract) ?? throw new JsonException($"service \"{name}\" is null");
            services = services.With(name, config);
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("services must be an object");
        return services;
    }

    public override void Write(Utf8JsonWriter writer, ServicesConfig value, JsonSerializerOptions options)
    {
        var contract = Contract(options);
        writer.WriteStartObject();
        foreach (var (name, config) in value.All())
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, config, contract);
        }
        writer.WriteEndObject();
    }

    private static JsonTypeInfo<ServiceConfig> Contract(JsonSerializerOptions options) =>
        (JsonTypeInfo<ServiceConfig>)options.GetTypeInfo(typeof(ServiceConfig));
}
