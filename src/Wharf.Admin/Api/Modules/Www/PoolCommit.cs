using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.Admin.Api.Modules.Admin;
using Wharf.Admin.Http;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api.Modules.Www;

/// <summary>Why a pool endpoint would not make a change (no such pool, one in use): the status and the words.</summary>
internal sealed record ApiRefusal(int Status, string Message);

/// <summary>
/// One pool change through <see cref="CommitPipeline"/>: <c>change</c> edits the document in place
/// under the store's lock, or refuses; a refusal writes nothing (the document is handed back as it
/// was, which the store sees as no change) and is answered with its own status.
/// </summary>
internal static class PoolCommit
{
    public static async Task AnswerAsync(
        HttpContext context, ConfigStore store, CommitPipeline commits, long? ifMatch, string action, Func<JsonNode, ApiRefusal?> change)
    {
        var (result, applied, refusal) = await RunAsync(context, store, commits, ifMatch, action, change);
        if (refusal is not null) await ApiResults.Error(context, refusal.Status, refusal.Message);
        else await CommitPipeline.WriteAsync(context, result, applied);
    }

    /// <summary>Commits and applies, answering nothing yet: the caller adds to the answer (start and stop also tell the supervisor).</summary>
    public static async Task<(CommitResult Result, ControlReply? Applied, ApiRefusal? Refusal)> RunAsync(
        HttpContext context, ConfigStore store, CommitPipeline commits, long? ifMatch, string action, Func<JsonNode, ApiRefusal?> change)
    {
        ApiRefusal? refusal = null;
        var caller = AdminCaller.Of(context);
        var (result, applied) = await commits.RunAsync(() => store.Commit(document =>
        {
            var before = document.DeepClone();
            refusal = change(document);
            return refusal is null ? document : before;
        }, ifMatch, caller.ToActor(), action, ConfigEndpoints.Describe(context)), context.RequestAborted);
        return (result, applied, refusal);
    }
}
