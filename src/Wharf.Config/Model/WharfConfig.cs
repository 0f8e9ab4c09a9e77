using System.Text.Json.Serialization;

namespace Wharf.Config.Model;

/// <summary>The whole of <c>config/wharf.json</c>: what the administrator wrote.</summary>
/// <remarks>
/// The part common to every service is here; each service's own top-level sections are declared
/// in its folder (Www/WharfConfig.Www.cs), each with a <see cref="JsonPropertyOrderAttribute"/>
/// past these, so the file's field order does not depend on the order the compiler reads files.
/// </remarks>
public sealed partial record WharfConfig
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Kept by the store; only grows. A hand-written file may leave it out (0).</summary>
    public long Version { get; init; }

    /// <summary>How many history versions the store keeps (IIS's MaxHistoryFiles, default 10).</summary>
    public int MaxHistoryFiles { get; init; } = 10;

    public ServicesConfig Services { get; init; } = new();
}
