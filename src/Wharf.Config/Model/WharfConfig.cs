using System.Text.Json.Serialization;

namespace Wharf.Config.Model;

/// <summary>The whole of <c>config/wharf.json</c>: what the administrator wrote.</summary>
public sealed record WharfConfig
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Kept by the store; only grows. A hand-written file may leave it out (0).</summary>
    public long Version { get; init; }

    /// <summary>How many history versions the store keeps (IIS's MaxHistoryFiles, default 10).</summary>
    public int MaxHistoryFiles { get; init; } = 10;

    public ServicesConfig Services { get; init; } = new();

    public IReadOnlyList<SiteConfig> Sites { get; init; } = [];

    public IReadOnlyList<AppPoolConfig> ApplicationPools { get; init; } = [];
}
