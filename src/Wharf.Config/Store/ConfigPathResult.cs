namespace Wharf.Config.Store;

/// <summary>Why a path could not be used; the admin API answers 400 for the first and third, 404 for the second.</summary>
public enum ConfigPathProblem
{
    Malformed,
    NotFound,
    Ambiguous,
}

/// <summary>A user's path resolved to a canonical JSON Pointer, or the sentence saying why it could not be.</summary>
public sealed record ConfigPathResult(string? Pointer, ConfigPathProblem? Problem, string? Error)
{
    public bool IsValid => Error is null;

    /// <summary>The pointer ends in "-": it names the place after an array's last element.</summary>
    public bool Appends => Pointer is not null && Pointer.EndsWith("/-", StringComparison.Ordinal);

    internal static ConfigPathResult Found(string pointer) => new(pointer, null, null);

    internal static ConfigPathResult Failed(ConfigPathProblem problem, string error) => new(null, problem, error);
}
