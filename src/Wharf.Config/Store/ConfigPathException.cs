namespace Wharf.Config.Store;

/// <summary>
/// Thrown by <see cref="ConfigPath"/> from inside a change function, where a path can only be
/// resolved against the document read under the store's lock; the store turns it into
/// <see cref="CommitResult.PathError"/>, so callers never see it escape a commit.
/// </summary>
public sealed class ConfigPathException(ConfigPathProblem problem, string message) : Exception(message)
{
    public ConfigPathProblem Problem { get; } = problem;
}
