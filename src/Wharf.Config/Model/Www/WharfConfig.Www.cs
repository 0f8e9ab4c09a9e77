using System.Text.Json.Serialization;

namespace Wharf.Config.Model;

/// <summary>The www service's top-level sections of wharf.json.</summary>
public sealed partial record WharfConfig
{
    [JsonPropertyOrder(10)]
    public IReadOnlyList<SiteConfig> Sites { get; init; } = [];

    [JsonPropertyOrder(11)]
    public IReadOnlyList<AppPoolConfig> ApplicationPools { get; init; } = [];
}
