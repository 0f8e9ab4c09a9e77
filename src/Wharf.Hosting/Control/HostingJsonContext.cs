using System.Text.Json.Serialization;

namespace Wharf.Hosting.Control;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ControlMessage))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(ServiceStatus))]
[JsonSerializable(typeof(EventRecord))]
[JsonSerializable(typeof(IReadOnlyList<EventRecord>))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
