using System.Text.Json.Serialization;
using Wharf.Config;

namespace Wharf.Cli.Commands;

/// <summary>`wharf config validate --json`.</summary>
internal sealed record ConfigValidationReport(string File, bool Valid, IReadOnlyList<ConfigError> Errors);

/// <summary>The body of <c>POST /api/config/rollback</c>.</summary>
internal sealed record RollbackBody(long Version);

/// <summary>The body of <c>POST /api/config/backups</c>.</summary>
internal sealed record BackupBody(string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConfigValidationReport))]
[JsonSerializable(typeof(RollbackBody))]
[JsonSerializable(typeof(BackupBody))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
