using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Config.Model;

namespace Wharf.Config.Json;

/// <summary>
/// Source-generated JSON metadata for <c>wharf.json</c> (no reflection, so Native AOT keeps it).
/// Internal: deserializing the model with it directly loses defaults (see <see cref="RecordDefaults"/>);
/// go through <see cref="ConfigReader"/> and <see cref="ConfigWriter"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(DurationConverter),
        typeof(CamelCaseEnumConverter<RecoveryAction>),
    ])]
// A service's own enums carry [JsonConverter(typeof(CamelCaseEnumConverter<T>))] where they are declared (Model/Www/).
[JsonSerializable(typeof(WharfConfig))]
// Reached through ServicesConfigConverter, which the generator does not look into.
[JsonSerializable(typeof(ServiceConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context that writes the canonical file. The default encoder escapes every non-ASCII
    /// character and <c>&lt; &gt; &amp; + '</c>, which makes a site named "Café" or a recovery
    /// program with "&gt;&gt;" unreadable in the file; nothing here is embedded in HTML.
    /// </summary>
    internal static ConfigJsonContext Canonical => s_canonical ??= new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // Lazy: static initializers in two parts of a partial class run in no promised order.
    private static ConfigJsonContext? s_canonical;
}

/// <summary>
/// Enums as camelCase strings ("http", "restart"); numbers are refused so a file says what it means.
/// A closed subclass because source generation needs a converter type with a parameterless constructor;
/// public, so that a configuration enum carried on the control channel (a recycle's reason) is spelled the same there.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
