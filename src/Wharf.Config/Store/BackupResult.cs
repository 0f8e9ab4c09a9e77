namespace Wharf.Config.Store;

/// <summary>What <see cref="ConfigStore.CreateBackup"/> did: a closed set, so a caller's switch covers every case.</summary>
public abstract record BackupResult
{
    private BackupResult()
    {
    }

    public sealed record Created(BackupEntry Backup) : BackupResult;

    /// <summary>A backup of that name exists already and was left as it was (409).</summary>
    public sealed record Exists(string Name) : BackupResult;

    /// <summary>The name breaks the naming rule; <see cref="Message"/> says how (400).</summary>
    public sealed record InvalidName(string Message) : BackupResult;

    /// <summary>Neither wharf.json nor history holds a valid configuration to keep.</summary>
    public sealed record NothingValid(IReadOnlyList<ConfigError> FileErrors) : BackupResult;
}
