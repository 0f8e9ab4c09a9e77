using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Admin.HandEdits;
using Wharf.Admin.Http;
using Wharf.Config;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Admin;

/// <summary><c>/api/config/status</c>: the store, the file as it is on disk, and what the host runs on.</summary>
internal sealed class StatusEndpoints(DataRoot root, ConfigStore store, FileAdoption adoption, Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor)
{
    public void Map(IEndpointRouteBuilder api) => api.MapGet("/api/config/status", (RequestDelegate)StatusAsync);

    private async Task StatusAsync(HttpContext context)
    {
        var state = store.ReadState();
        var supervisor = await askSupervisor(new ControlRequest { Command = ControlCommand.Status }, context.RequestAborted);
        var running = supervisor.Type == ControlReplyType.Result
            ? new JsonObject
            {
                ["version"] = supervisor.ConfigVersion,
                ["note"] = supervisor.ConfigNote,
                ["services"] = new JsonArray((supervisor.Services ?? []).Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["state"] = s.State.Spelling() }).ToArray()),
            }
            : new JsonObject { ["error"] = supervisor.Message };
        var last = adoption.Last;
        var behind = supervisor.Type == ControlReplyType.Result && supervisor.ConfigVersion is { } r && state.CommittedVersion is { } c && r < c;
        await ApiResults.Json(context, new JsonObject
        {
            ["version"] = state.Current?.Version,
            ["committed"] = state.CommittedVersion,
            ["file"] = new JsonObject
            {
                ["path"] = root.ConfigFile,
                ["valid"] = state.FileValid,
                ["version"] = state.FileVersion,
                ["errors"] = Errors(state.FileErrors),
            },
            ["history"] = new JsonObject
            {
                ["newest"] = state.NewestHistoryVersion,
                ["newestValid"] = state.NewestValidHistoryVersion,
            },
            ["running"] = running,
            ["warning"] = behind ? NotRunning(state.CommittedVersion!.Value, supervisor.ConfigVersion!.Value) : null,
            ["lastHandEdit"] = last is null ? null : new JsonObject
            {
                ["time"] = last.Time.ToString("O", CultureInfo.InvariantCulture),
                ["outcome"] = last.Outcome,
                ["version"] = last.Version,
                ["errors"] = Errors(last.Errors),
            },
        }, etag: state.Current?.Version);
    }

    /// <summary>A committed version the host does not run: said plainly, with what to do.</summary>
    public static string NotRunning(long committed, long running) =>
        $"version {committed} is committed but the host runs on version {running}; the admin service applies it when it starts, or run `wharf reset`";

    private static JsonArray Errors(IReadOnlyList<ConfigError> errors) =>
        new(errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message }).ToArray());
}
