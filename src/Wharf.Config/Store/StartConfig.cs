using Wharf.Config.Model;

namespace Wharf.Config.Store;

/// <summary>
/// The configuration <c>wharf serve</c> starts with. When <see cref="FellBack"/>, wharf.json was
/// invalid and <see cref="SourcePath"/> is a history file; <see cref="FileErrors"/> says why, to be
/// reported loudly. With nothing valid at all <see cref="Config"/> is null and the supervisor exits 2.
/// </summary>
public sealed record StartConfig(
    WharfConfig? Config,
    string? Text,
    long Version,
    string? SourcePath,
    IReadOnlyList<ConfigError> FileErrors,
    bool FellBack);
