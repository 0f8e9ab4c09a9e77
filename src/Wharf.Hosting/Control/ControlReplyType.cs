using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

/// <summary>Zero or more progress lines, then one result or error.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlReplyType>))]
public enum ControlReplyType
{
    [JsonStringEnumMemberName("progress")] Progress,
    [JsonStringEnumMemberName("result")] Result,
    [JsonStringEnumMemberName("error")] Error,
}
