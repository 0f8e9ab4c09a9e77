using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>A supervised service's state, as `wharf reset /status` and the API show it (spelled as the member name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceState>))]
public enum ServiceState
{
    Stopped,
    Starting,
    Running,
    Stopping,
    Restarting,
    WaitingToRestart,
    Failed,
}
