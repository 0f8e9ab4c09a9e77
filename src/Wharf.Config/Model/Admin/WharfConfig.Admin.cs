using System.Text.Json.Serialization;

namespace Wharf.Config.Model;

/// <summary>The admin service's top-level section of wharf.json, and the TLS policy every TLS endpoint shares.</summary>
public sealed partial record WharfConfig
{
    [JsonPropertyOrder(5)]
    public TlsConfig Tls { get; init; } = new();

    [JsonPropertyOrder(20)]
    public AdminConfig Admin { get; init; } = new();
}
