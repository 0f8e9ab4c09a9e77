using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Config;
using Wharf.Config.Store;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>A pool as the API shows it: its configuration in force (defaults filled in), who uses it, and its runtime status from the supervisor.</summary>
internal static class AppPoolViews
{
    /// <summary>Every pool of <paramref name="current"/> with all its fields, in configuration order.</summary>
    public static IReadOnlyList<JsonObject> Effective(StoreSnapshot current) =>
        [.. (JsonNode.Parse(ConfigWriter.Serialize(current.Config))?["applicationPools"] as JsonArray ?? []).OfType<JsonObject>()];

    /// <summary>The supervisor's pools (the status command), or why they could not be had.</summary>
    public static async Task<(IReadOnlyList<PoolStatus> Pools, string? Error)> StatusAsync(
        Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor, CancellationToken cancellationToken)
    {
        var reply = await askSupervisor(new ControlRequest { Command = ControlCommand.Status }, cancellationToken).ConfigureAwait(false);
        return reply.Type == ControlReplyType.Result
            ? (reply.Pools ?? [], null)
            : ([], $"the supervisor did not say how the pools run: {reply.Message}");
    }

    public static JsonObject View(StoreSnapshot current, JsonObject configuration, IReadOnlyList<PoolStatus> statuses, string? statusError)
    {
        var name = configuration["name"]?.GetValue<string>() ?? "";
        var status = statuses.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        var view = new JsonObject
        {
            ["name"] = name,
            ["configuration"] = configuration.DeepClone(),
            ["usedBy"] = new JsonArray([.. AppPoolDocument.UsedBy(current.Config, name).Select(u => (JsonNode?)JsonValue.Create(u))]),
            ["status"] = status is null ? null : Status(status),
        };
        if (statusError is not null) view["statusError"] = statusError;
        return view;
    }

    public static JsonNode? Status(PoolStatus status) => JsonSerializer.SerializeToNode(status, HostingJsonContext.Default.PoolStatus);

    public static JsonNode? Worker(WorkerStatus worker) => JsonSerializer.SerializeToNode(worker, HostingJsonContext.Default.WorkerStatus);
}
