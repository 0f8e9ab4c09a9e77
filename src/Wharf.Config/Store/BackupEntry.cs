namespace Wharf.Config.Store;

/// <summary>A named backup in <c>config/backups/</c>; <see cref="Version"/> is 0 when the file no longer says.</summary>
public sealed record BackupEntry(string Name, long Version, DateTimeOffset CreatedAt, long Bytes);
