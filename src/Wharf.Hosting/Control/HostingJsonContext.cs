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
[JsonSerializable(typeof(EventName))]
[JsonSerializable(typeof(ControlCommand))]
[JsonSerializable(typeof(ControlMessageType))]
[JsonSerializable(typeof(ControlReplyType))]
[JsonSerializable(typeof(ApplyOutcome))]
[JsonSerializable(typeof(ServiceState))]
[JsonSerializable(typeof(Pools.PoolRoute))]
[JsonSerializable(typeof(Pools.PoolReport))]
[JsonSerializable(typeof(Pools.PoolStatus))]
[JsonSerializable(typeof(Pools.WorkerStatus))]
[JsonSerializable(typeof(Pools.InFlightRequest))]
[JsonSerializable(typeof(Pools.PoolRouteState))]
[JsonSerializable(typeof(Pools.WorkerRole))]
[JsonSerializable(typeof(Pools.PoolReportKind))]
[JsonSerializable(typeof(Pools.WorkerState))]
[JsonSerializable(typeof(Metrics.SiteFigures))]
[JsonSerializable(typeof(Metrics.RecycleCount))]
[JsonSerializable(typeof(string))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
