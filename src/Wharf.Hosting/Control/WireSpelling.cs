using System.Text.Json;

namespace Wharf.Hosting.Control;

/// <summary>The wire spelling of the contract's words, for messages and logs, taken from their one definition.</summary>
public static class WireSpelling
{
    public static string Spelling(this EventName value) => Spell(value, HostingJsonContext.Default.EventName);
    public static string Spelling(this ControlCommand value) => Spell(value, HostingJsonContext.Default.ControlCommand);
    public static string Spelling(this ControlMessageType value) => Spell(value, HostingJsonContext.Default.ControlMessageType);
    public static string Spelling(this ApplyOutcome value) => Spell(value, HostingJsonContext.Default.ApplyOutcome);
    public static string Spelling(this ControlReplyType value) => Spell(value, HostingJsonContext.Default.ControlReplyType);
    public static string Spelling(this ServiceState value) => Spell(value, HostingJsonContext.Default.ServiceState);
    public static string Spelling(this Pools.PoolRouteState value) => Spell(value, HostingJsonContext.Default.PoolRouteState);
    public static string Spelling(this Pools.PoolReportKind value) => Spell(value, HostingJsonContext.Default.PoolReportKind);
    public static string Spelling(this Pools.WorkerState value) => Spell(value, HostingJsonContext.Default.WorkerState);

    private static string Spell<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, info), HostingJsonContext.Default.String)!;
}
