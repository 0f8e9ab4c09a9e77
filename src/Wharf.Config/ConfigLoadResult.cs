using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>A configuration read and validated, or every reason it could not be.</summary>
public sealed record ConfigLoadResult(WharfConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null && Errors.Count == 0;

    public static ConfigLoadResult Valid(WharfConfig config) => new(config, []);

    public static ConfigLoadResult Invalid(IReadOnlyList<ConfigError> errors) => new(null, errors);

    public static ConfigLoadResult Invalid(string path, string message) => new(null, [new ConfigError(path, message)]);
}
