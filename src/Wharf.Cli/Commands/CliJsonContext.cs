using System.Text.Json.Serialization;
using Wharf.Config;

namespace Wharf.Cli.Commands;

/// <summary>`wharf config validate --json`.</summary>
internal sealed record ConfigValidationReport(string File, bool Valid, IReadOnlyList<ConfigError> Errors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConfigValidationReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
