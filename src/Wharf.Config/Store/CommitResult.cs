namespace Wharf.Config.Store;

/// <summary>
/// What a commit did. Every expected failure is a value here, answered in one place (CommitPipeline);
/// only the disk refusing a write is an exception. Closed: only these records derive from it.
/// </summary>
public abstract record CommitResult
{
    private CommitResult()
    {
    }

    /// <summary>
    /// Written to wharf.json and history, and audited. <see cref="Previous"/> is null only when no
    /// valid configuration existed before (a first commit, or one that replaced an invalid file
    /// with no valid history behind it). <see cref="Action"/> is the audit action (<c>set</c>, <c>hand-edit</c>, <c>recovered</c>, ...).
    /// </summary>
    public sealed record Committed(StoreSnapshot? Previous, StoreSnapshot Now, IReadOnlyList<ConfigChange> Changes, string Action = "") : CommitResult;

    /// <summary>The change changes nothing but the version; nothing was written.</summary>
    public sealed record NoChange(StoreSnapshot Current) : CommitResult;

    /// <summary>If-Match named another version than the current one (412); nothing was written.</summary>
    public sealed record Conflict(long CurrentVersion) : CommitResult;

    /// <summary>The result would be invalid (422); every error, and nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<ConfigError> Errors) : CommitResult;

    /// <summary>The change named a path that is malformed (400) or not there (404).</summary>
    public sealed record PathError(ConfigPathProblem Problem, string Message) : CommitResult;

    /// <summary>The history version or backup to commit is not kept (404).</summary>
    public sealed record NotFound(string Message) : CommitResult;
}
