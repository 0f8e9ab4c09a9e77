using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>What applying a configuration version did to one service.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApplyOutcome>))]
public enum ApplyOutcome
{
    [JsonStringEnumMemberName("applied")] Applied,
    [JsonStringEnumMemberName("restarted")] Restarted,
    [JsonStringEnumMemberName("started")] Started,
    [JsonStringEnumMemberName("stopped")] Stopped,
    [JsonStringEnumMemberName("unchanged")] Unchanged,
    [JsonStringEnumMemberName("failed")] Failed,
}
