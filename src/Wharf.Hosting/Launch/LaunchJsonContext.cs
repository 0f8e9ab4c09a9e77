using System.Text.Json.Serialization;

namespace Wharf.Hosting.Launch;

// Strict: a field the step does not know is an error, not something silently not done.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(LaunchSpec))]
internal sealed partial class LaunchJsonContext : JsonSerializerContext;
