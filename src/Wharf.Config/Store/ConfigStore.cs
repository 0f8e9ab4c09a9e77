using System.Text.Json.Nodes;

namespace Wharf.Config.Store;

/// <summary>
/// The configuration store (DESIGN.md, "Configuration store"): <c>config/wharf.json</c>, its
/// history, named backups and the audit log, under one data root.
/// </summary>
/// <remarks>
/// Several processes may hold a store on the same root at once (an old and a new admin process
/// overlap during a restart). Every mutation takes <c>config/.lock</c> and decides from what the
/// disk holds inside it, never from anything read before. Reads take no lock: every file is
/// replaced whole by a rename, so a reader sees one version or the next.
/// Durability: wharf.json, then its history copy, then the audit line are each flushed before a
/// commit returns, so a kill at any moment leaves wharf.json old or new and never loses a
/// commit that was answered; <see cref="AdoptFileOnDisk"/> finishes one that was cut short.
/// The disk refusing a write is the one failure thrown (<see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/>), as for a read-only store.
/// </remarks>
public sealed partial class ConfigStore
{
    public const string AuditFileName = "audit.log";

    public ConfigStore(DataRoot root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        Root = root;
        Audit = new AuditLog(Path.Combine(root.LogsFolder, AuditFileName), time);
    }

    public DataRoot Root { get; }

    public AuditLog Audit { get; }

    /// <summary>The configuration in force: wharf.json when valid, else the newest valid history version; null when there is neither.</summary>
    public StoreSnapshot? Current() => new StoreView(Root).Base;

    public StoreState ReadState()
    {
        var view = new StoreView(Root);
        return new StoreState(
            view.File.IsValid,
            view.File.LooseVersion(),
            view.File.Load.Errors,
            view.History.Count > 0 ? view.History[0].Version : null,
            view.NewestValidHistory?.Version,
            view.Base,
            Plan(Root, Audit).Committed?.Version);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the current document and commits the result
    /// as the next version. The change may throw <see cref="ConfigPathException"/> (from
    /// <see cref="ConfigPath"/>), which becomes <see cref="CommitResult.PathError"/>.
    /// </summary>
    /// <param name="change">Gets a copy of the document to change in place or replace; returns the new document.</param>
    /// <param name="ifMatch">The version the change was made against; null to commit over whatever is current.</param>
    /// <param name="action">The audit action: set, replace or delete for the admin API's own changes.</param>
    public CommitResult Commit(Func<JsonNode, JsonNode?> change, long? ifMatch, Actor actor, string action, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        using var held = Lock();
        var view = new StoreView(Root);
        if (Mismatch(view, ifMatch) is { } conflict) return conflict;

        var document = view.Base?.Document.DeepClone() ?? new JsonObject();
        JsonNode? changed;
        try
        {
            changed = change(document);
        }
        catch (ConfigPathException e)
        {
            return new CommitResult.PathError(e.Problem, e.Message);
        }
        return CommitDocument(view, changed, actor, action, detail);
    }

    private StoreLock Lock()
    {
        Directory.CreateDirectory(Root.ConfigFolder);
        return StoreLock.Acquire(Path.Combine(Root.ConfigFolder, StoreLock.FileName));
    }

    private static CommitResult.Conflict? Mismatch(StoreView view, long? ifMatch) =>
        ifMatch is { } expected && expected != view.CurrentVersion ? new CommitResult.Conflict(view.CurrentVersion) : null;

    /// <summary>Commits over the current configuration (a change, rollback or restore).</summary>
    /// <remarks>
    /// "No change" needs wharf.json to hold the current configuration already: over an invalid
    /// file, even a change that keeps the fallback's content is written, so the file is mended.
    /// </remarks>
    private CommitResult CommitDocument(StoreView view, JsonNode? document, Actor actor, string action, string? detail) =>
        CommitDocument(document, view.Base, view.VersionFloor, unchangedIsNoChange: view.File.IsValid, actor, action, detail);

    private CommitResult CommitDocument(
        JsonNode? document, StoreSnapshot? previous, long versionFloor, bool unchangedIsNoChange, Actor actor, string action, string? detail)
    {
        var version = versionFloor + 1;
        StoreFile.SetVersion(document, version);
        // The user's own document, not the typed model reserialised: what they left out stays out.
        var text = StoreFile.Serialize(document);
        var written = StoreFile.FromText(Root.ConfigFile, text);
        if (written.Snapshot is not { } now) return new CommitResult.Invalid(written.Load.Errors);
        if (unchangedIsNoChange && previous is not null && StoreFile.SameIgnoringVersion(previous.Document, now.Document))
            return new CommitResult.NoChange(previous);

        var changes = ConfigDiff.Between(previous?.Document, now.Document);
        StoreWriter.WriteDurably(Root.ConfigFile, text);
        KeepInHistory(now);
        Audit.Append(actor, action, version, previous?.Version, Paths(changes), detail);
        return new CommitResult.Committed(previous, now, changes, action);
    }

    private static string[] Paths(IReadOnlyList<ConfigChange> changes) => [.. changes.Select(c => c.Path)];
}
