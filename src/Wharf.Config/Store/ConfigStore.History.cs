namespace Wharf.Config.Store;

public sealed partial class ConfigStore
{
    /// <summary>The versions kept in <c>config/history/</c>, newest first.</summary>
    public IReadOnlyList<HistoryEntry> History()
    {
        var entries = new List<HistoryEntry>();
        foreach (var (version, path) in StoreFile.History(Root.HistoryFolder))
        {
            var info = new FileInfo(path);
            // Another process may prune it between the listing and this look.
            if (info.Exists) entries.Add(new HistoryEntry(version, new DateTimeOffset(info.LastWriteTimeUtc), info.Length));
        }
        return entries;
    }

    /// <summary>That version from history; null when it is not kept (or the copy is no longer valid).</summary>
    public StoreSnapshot? ReadVersion(long version)
    {
        var path = Root.HistoryFile(version);
        return File.Exists(path) ? StoreFile.Read(path).Snapshot : null;
    }

    /// <summary>From one kept version to another, or to the current configuration; null when either is not kept.</summary>
    public IReadOnlyList<ConfigChange>? Diff(long from, long? to)
    {
        var older = ReadVersion(from);
        var newer = to is { } v ? ReadVersion(v) : Current();
        return older is null || newer is null ? null : ConfigDiff.Between(older.Document, newer.Document);
    }

    /// <summary>Commits a kept version's content as a new version: the version number only grows.</summary>
    public CommitResult Rollback(long version, long? ifMatch, Actor actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using var held = Lock();
        var view = new StoreView(Root);
        if (Mismatch(view, ifMatch) is { } conflict) return conflict;
        if (ReadVersion(version) is not { } target)
            return new CommitResult.NotFound($"version {version} is not in the history (it keeps the newest {Kept(view)})");
        return CommitDocument(view, target.Document, actor, AuditEntry.Rollback, detail ?? $"rollback to version {version}");
    }

    private static string Kept(StoreView view) =>
        view.Base is { } current ? $"{current.Config.MaxHistoryFiles} versions" : "versions up to maxHistoryFiles";

    /// <summary>Copies a version into history and drops the oldest beyond <c>maxHistoryFiles</c> of that version.</summary>
    private void KeepInHistory(StoreSnapshot snapshot)
    {
        CopyToHistory(snapshot);
        TrimHistory(snapshot);
    }

    private void CopyToHistory(StoreSnapshot snapshot)
    {
        Directory.CreateDirectory(Root.HistoryFolder);
        StoreWriter.WriteDurably(Root.HistoryFile(snapshot.Version), snapshot.Text);
    }

    private void TrimHistory(StoreSnapshot snapshot)
    {
        var keep = Math.Max(1, snapshot.Config.MaxHistoryFiles);
        var files = StoreFile.History(Root.HistoryFolder);
        for (var i = keep; i < files.Count; i++)
        {
            try
            {
                File.Delete(files[i].Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An old version left behind costs a little disk; failing a commit already made would cost more.
            }
        }
    }
}
