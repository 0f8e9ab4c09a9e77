namespace Wharf.Config.Store;

public sealed partial class ConfigStore
{
    public const int MaxBackupNameLength = 64;

    /// <summary>Null when <paramref name="name"/> may name a backup, else the sentence saying why not.</summary>
    /// <remarks>The name becomes a file name: this rule is what keeps "../wharf" and ".hidden" out of the folder.</remarks>
    public static string? CheckBackupName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "a backup needs a name";
        if (name.Length > MaxBackupNameLength)
            return $"the backup name '{name[..16]}...' is {name.Length} characters long; at most {MaxBackupNameLength} are allowed";
        if (name[0] == '.') return $"the backup name '{name}' starts with '.'; it must start with a letter, a digit, '-' or '_'";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
                return $"the backup name '{name}' has '{c}'; use only letters a-z and A-Z, digits, '.', '-' and '_'";
        }
        return null;
    }

    /// <summary>Keeps the configuration in force as <c>config/backups/NAME.json</c>; an existing backup is never replaced.</summary>
    public BackupResult CreateBackup(string name, Actor actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckBackupName(name) is { } problem) return new BackupResult.InvalidName(problem);
        using var held = Lock();
        var view = new StoreView(Root);
        if (view.Base is not { } current) return new BackupResult.NothingValid(view.File.Load.Errors);

        Directory.CreateDirectory(Root.BackupsFolder);
        var path = BackupPath(name);
        if (!ConfigWriter.TryCreateDurably(path, current.Text)) return new BackupResult.Exists(name);
        Audit.Append(actor, AuditEntry.Backup, current.Version, null, [], detail ?? $"backup {name}");
        return new BackupResult.Created(Entry(name, new FileInfo(path), current.Version));
    }

    /// <summary>The named backups, newest first.</summary>
    public IReadOnlyList<BackupEntry> Backups()
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(Root.BackupsFolder, "*.json");
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        var entries = new List<BackupEntry>();
        foreach (var path in files)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var info = new FileInfo(path);
            if (CheckBackupName(name) is not null || !info.Exists) continue;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            entries.Add(Entry(name, info, StoreFile.VersionIn(text) ?? 0));
        }
        return [.. entries.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Commits backup NAME's content as a new version.</summary>
    public CommitResult Restore(string name, long? ifMatch, Actor actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        // An invalid name cannot have been created, so it is simply not there.
        if (CheckBackupName(name) is not null) return NoBackup(name);
        using var held = Lock();
        var view = new StoreView(Root);
        if (Mismatch(view, ifMatch) is { } conflict) return conflict;
        var path = BackupPath(name);
        if (!File.Exists(path)) return NoBackup(name);
        var backup = StoreFile.Read(path);
        if (backup.Snapshot is not { } kept) return new CommitResult.Invalid(backup.Load.Errors);
        return CommitDocument(view, kept.Document, actor, AuditEntry.Restore, detail ?? $"restore backup {name}");
    }

    /// <summary>False when there is no backup of that name.</summary>
    public bool DeleteBackup(string name, Actor actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CheckBackupName(name) is not null) return false;
        using var held = Lock();
        var path = BackupPath(name);
        if (!File.Exists(path)) return false;
        var version = StoreFile.VersionIn(File.ReadAllText(path)) ?? 0;
        File.Delete(path);
        Native.FsyncDirectory(Root.BackupsFolder);
        Audit.Append(actor, AuditEntry.DeleteBackup, version, null, [], detail ?? $"delete backup {name}");
        return true;
    }

    private string BackupPath(string name) => Path.Combine(Root.BackupsFolder, name + ".json");

    private static BackupEntry Entry(string name, FileInfo info, long version) =>
        new(name, version, new DateTimeOffset(info.LastWriteTimeUtc), info.Length);

    private static CommitResult.NotFound NoBackup(string name) => new($"there is no backup named '{name}'");
}
