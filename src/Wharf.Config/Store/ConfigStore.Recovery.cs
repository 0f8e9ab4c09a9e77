namespace Wharf.Config.Store;

public sealed partial class ConfigStore
{
    /// <summary>
    /// Makes what wharf.json holds part of the store, for start-up recovery and for hand edits
    /// (the admin service calls it when the file changes; its own commits come back as NoChange).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Invalid: reported, nothing written; the configuration in force stays.</item>
    /// <item>The same as its own history copy, and not older than the newest valid one: NoChange.</item>
    /// <item>A version above all history, with no copy: a commit cut short between the rename and
    /// the history copy, or a hand edit that raised the version. Kept as it is (<c>recovered</c>).</item>
    /// <item>Otherwise a hand edit that kept or lowered the version (a file copied back from
    /// history is one too): committed as the next version (<c>hand-edit</c>). When only the number
    /// was edited, the store's number is written back instead and nothing is committed.</item>
    /// </list>
    /// </remarks>
    public CommitResult AdoptFileOnDisk(Actor actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using var held = Lock();
        var view = new StoreView(Root);
        if (view.File.Snapshot is not { } file) return new CommitResult.Invalid(view.File.Load.Errors);

        var newestValid = view.NewestValidHistory;
        var ownPath = Root.HistoryFile(file.Version);
        var own = File.Exists(ownPath) ? StoreFile.Read(ownPath) : null;
        if (own?.Snapshot is { } kept
            && StoreFile.SameIgnoringVersion(kept.Document, file.Document)
            && file.Version >= (newestValid?.Version ?? 0))
            return new CommitResult.NoChange(file);

        if (own is null && file.Version > view.NewestHistoryVersion) return Recover(file, newestValid, actor, detail);

        if (newestValid is not null && StoreFile.SameIgnoringVersion(newestValid.Document, file.Document))
        {
            // Written back whole (not committed): the content is the newest version's, so only its number was wrong.
            StoreWriter.WriteDurably(Root.ConfigFile, newestValid.Text);
            return new CommitResult.NoChange(newestValid);
        }

        return CommitDocument(file.Document, newestValid, Math.Max(file.Version, view.NewestHistoryVersion),
            unchangedIsNoChange: false, actor, AuditEntry.HandEdit, detail ?? "wharf.json was edited by hand");
    }

    /// <summary>
    /// At <c>wharf serve</c>'s start, before any service runs: the same reconciliation the admin
    /// service runs (<see cref="Reconcile"/>), so that the file the supervisor starts on is a
    /// committed version in history (a first start on a hand-written file, or a commit cut short)
    /// and an edit made right after the start is then seen as the edit it is. Committed when
    /// something was finished, NoChange otherwise; an invalid file is left to the admin service.
    /// </summary>
    public CommitResult KeepStartVersion(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var file = StoreFile.Read(Root.ConfigFile);
        if (file.Snapshot is null) return new CommitResult.Invalid(file.Load.Errors);
        var done = Reconcile(actor);
        if (done.Committed is not { } committed) return new CommitResult.NoChange(file.Snapshot);
        return done.Finished.Count > 0
            ? new CommitResult.Committed(null, committed, [], AuditEntry.Recovered)
            : new CommitResult.NoChange(committed);
    }

    private CommitResult Recover(StoreSnapshot file, StoreSnapshot? newestValid, Actor actor, string? detail)
    {
        KeepInHistory(file);
        var changes = ConfigDiff.Between(newestValid?.Document, file.Document);
        Audit.Append(actor, AuditEntry.Recovered, file.Version, newestValid?.Version, Paths(changes),
            detail ?? $"wharf.json holds version {file.Version}, which history did not");
        return new CommitResult.Committed(newestValid, file, changes, AuditEntry.Recovered);
    }

    /// <summary>
    /// The configuration <c>wharf serve</c> starts with: wharf.json when valid, else the newest
    /// valid history version with the file's errors to report loudly. Reads only, without the lock.
    /// </summary>
    public static StartConfig LoadForStart(DataRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var file = StoreFile.Read(root.ConfigFile);
        if (file.Snapshot is { } current)
            return new StartConfig(current.Config, current.Text, current.Version, root.ConfigFile, [], FellBack: false);
        foreach (var (_, path) in StoreFile.History(root.HistoryFolder))
        {
            if (StoreFile.Read(path).Snapshot is { } kept)
                return new StartConfig(kept.Config, kept.Text, kept.Version, path, file.Load.Errors, FellBack: true);
        }
        return new StartConfig(null, null, 0, null, file.Load.Errors, FellBack: false);
    }
}
