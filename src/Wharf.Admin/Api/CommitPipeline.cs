using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Admin.Http;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Api;

/// <summary>
/// Every change goes through here: committed durably by the store, applied by the supervisor and
/// every service, and only then answered. Commits of this process go one at a time, so versions
/// are applied in the order they were made (the store's lock orders them across processes).
/// The pipeline opens closed: nothing commits until the start-up reconciliation
/// (<see cref="RunFirstAsync"/>) has finished whatever the previous process left cut short.
/// </summary>
internal sealed class CommitPipeline(Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor, ILogger log)
{
    private readonly SemaphoreSlim _one = new(0, 1);
    private int _opened;

    /// <summary>The text this process last wrote to wharf.json; the watcher sees that write come back and need not ask the store about it.</summary>
    public string? LastWritten { get; private set; }

    /// <summary>Commits and applies; returns the result and, for a commit, the supervisor's answer.</summary>
    public async Task<(CommitResult Result, ControlReply? Applied)> RunAsync(Func<CommitResult> commit, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = commit();
            if (result is not CommitResult.Committed committed) return (result, null);
            LastWritten = committed.Now.Text;
            return (result, await ApplyAsync(committed.Now.Version, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Runs <paramref name="first"/> ahead of every commit, then opens the pipeline (once, even when it fails).</summary>
    public async Task RunFirstAsync(Func<Task> first)
    {
        if (Interlocked.Exchange(ref _opened, 1) != 0) throw new InvalidOperationException("the commit pipeline is already open");
        try
        {
            await first().ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Asks the supervisor to apply a version already committed (the start-up reconciliation's).</summary>
    public Task<ControlReply> ApplyAsync(long version) => ApplyAsync(version, CancellationToken.None);

    /// <summary>Commits, applies and writes the HTTP answer.</summary>
    public async Task AnswerAsync(HttpContext context, Func<CommitResult> commit)
    {
        var (result, applied) = await RunAsync(commit, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, result, applied).ConfigureAwait(false);
    }

    private async Task<ControlReply> ApplyAsync(long version, CancellationToken cancellationToken)
    {
        // The caller going away does not stop the apply: the version is on disk and must reach the services.
        _ = cancellationToken;
        var reply = await askSupervisor(new ControlRequest { Command = ControlCommand.ConfigApplied, Version = version }, CancellationToken.None).ConfigureAwait(false);
        if (reply.Type != ControlReplyType.Result || !reply.Ok)
            log.LogWarning("Version {Version} committed; applying it: {Message}", version, reply.Message);
        return reply;
    }

    public static Task WriteAsync(HttpContext context, CommitResult result, ControlReply? applied) => result switch
    {
        CommitResult.Committed c => ApiResults.Json(context, CommitBody(c.Now.Version, c.Previous?.Version, c.Changes, applied), etag: c.Now.Version),
        CommitResult.NoChange n => ApiResults.Json(context, CommitBody(n.Current.Version, n.Current.Version, [], null, "no change: the configuration already says that"), etag: n.Current.Version),
        CommitResult.Conflict c => ApiResults.Error(context, StatusCodes.Status412PreconditionFailed,
            $"the configuration has moved on to version {c.CurrentVersion} since the version in If-Match; read it again and redo the change", currentVersion: c.CurrentVersion),
        CommitResult.Invalid i => ApiResults.Error(context, StatusCodes.Status422UnprocessableEntity, "the change would make the configuration invalid; nothing was saved", i.Errors),
        CommitResult.PathError p => ApiResults.Error(context, p.Problem == ConfigPathProblem.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, p.Message),
        CommitResult.NotFound n => ApiResults.Error(context, StatusCodes.Status404NotFound, n.Message),
        _ => ApiResults.Error(context, StatusCodes.Status500InternalServerError, $"unexpected store result {result.GetType().Name}"),
    };

    /// <summary>The answer's body for a commit or a change that changed nothing; null for any other result.</summary>
    public static JsonObject? Body(CommitResult result, ControlReply? applied) => result switch
    {
        CommitResult.Committed c => CommitBody(c.Now.Version, c.Previous?.Version, c.Changes, applied),
        CommitResult.NoChange n => CommitBody(n.Current.Version, n.Current.Version, [], null, "no change: the configuration already says that"),
        _ => null,
    };

    private static JsonObject CommitBody(long version, long? previous, IReadOnlyList<ConfigChange> changes, ControlReply? applied, string? message = null)
    {
        var ok = applied is null || (applied.Type == ControlReplyType.Result && applied.Ok);
        return new JsonObject
        {
            ["version"] = version,
            ["previousVersion"] = previous,
            ["changes"] = Changes(changes),
            ["applied"] = new JsonArray((applied?.Services ?? []).Select(s => (JsonNode)new JsonObject
            {
                ["service"] = s.Name,
                ["outcome"] = (s.Outcome ?? (s.Ok ? ApplyOutcome.Unchanged : ApplyOutcome.Failed)).Spelling(),
                ["message"] = s.Message,
            }).ToArray()),
            ["ok"] = ok,
            ["message"] = message ?? applied?.Message,
        };
    }

    public static JsonArray Changes(IReadOnlyList<ConfigChange> changes) =>
        new(changes.Select(c => (JsonNode)new JsonObject
        {
            ["path"] = c.Path,
            ["op"] = c.Op,
            ["old"] = c.Old?.DeepClone(),
            ["new"] = c.New?.DeepClone(),
        }).ToArray());
}
