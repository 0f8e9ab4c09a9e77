using System.Text.Json.Nodes;

namespace Wharf.TestKit.Pools;

/// <summary>Matching the supervisor's pool and worker events (logs/events.log), whose message names the pool, the worker and why.</summary>
public static class PoolEvents
{
    public static bool Is(JsonNode e, string @event, string pool = PoolSetup.Pool, int? pid = null) =>
        (string?)e["event"] == @event
        && (string.Equals((string?)e["service"], "apppool/" + pool, StringComparison.OrdinalIgnoreCase)
            || string.Equals((string?)e["service"], pool, StringComparison.OrdinalIgnoreCase) || Says(e, "pool " + pool))
        && (pid is null || (int?)e["pid"] == pid || Says(e, pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The event's message contains <paramref name="word"/>, ignoring case.</summary>
    public static bool Says(JsonNode e, string word) =>
        ((string?)e["message"])?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    public static Task<JsonNode> WaitForAsync(this WharfHost host, string @event, Func<JsonNode, bool>? also = null, int? pid = null,
        TimeSpan? timeout = null, string pool = PoolSetup.Pool) =>
        host.Events.WaitForAsync(e => Is(e, @event, pool, pid) && (also is null || also(e)), timeout ?? TimeSpan.FromSeconds(30),
            $"{@event} for pool {pool}{(pid is null ? "" : " pid " + pid)}");
}
