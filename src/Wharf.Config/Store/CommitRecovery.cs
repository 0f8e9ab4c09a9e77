namespace Wharf.Config.Store;

/// <summary>
/// Decides, from the disk alone, what a commit cut short at any instant still needs; the store
/// carries the plan out under its lock (<see cref="ConfigStore.Reconcile"/>), the supervisor
/// reads the committed version from it without writing (<see cref="ConfigStore.ReadCommittedVersion"/>).
/// </summary>
/// <remarks>
/// A version is committed once its whole text is on disk under the store's names: wharf.json, a
/// history copy, or a complete wharf.json.tmp whose version is above every other and whose
/// wharf.json is still the store's own (the kill landed at the rename: the commit is rolled
/// forward). A temporary file that is empty, cut, stale, or sits beside a wharf.json edited
/// since is not a commit: it is removed and its number is used by the next commit, so no number
/// is skipped. The history copy and the audit line follow from the committed version; an audit
/// line written now says <c>recovered</c> and which steps were missing.
/// </remarks>
internal static class CommitRecovery
{
    /// <summary>How many audit lines are read back to find the committed version's: far more than the backup lines that can follow it.</summary>
    public const int AuditWindow = 256;

    public static RecoveryPlan Plan(StoreView view, StoreFile? pending, IReadOnlyList<string> leftovers, IReadOnlyList<AuditEntry> audit)
    {
        var file = view.File.Snapshot;
        var newestHistory = view.NewestHistoryVersion;
        var ownCopy = file is null ? null : Kept(view, file.Version);
        // The file is what the store last wrote: its own history copy holds the same configuration.
        var fileIsTheStores = file is not null && ownCopy is not null && StoreFile.SameIgnoringVersion(ownCopy.Document, file.Document);

        StoreSnapshot? committed;
        StoreSnapshot? previous;
        var missing = new List<CommitStep>();
        string? discarded = null;
        var above = Math.Max(view.File.LooseVersion() ?? 0, newestHistory);

        if (pending?.Snapshot is { } rolled && rolled.Version > above && (fileIsTheStores || !view.File.IsValid))
        {
            committed = rolled;
            previous = file ?? view.NewestValidHistory;
            missing.Add(CommitStep.Rename);
            missing.Add(CommitStep.HistoryCopy);
        }
        else
        {
            if (pending is not null) discarded = WhyNotCommitted(pending, above);
            if (file is not null && ownCopy is null && file.Version > newestHistory)
            {
                // Renamed into place, never copied: a kill between the rename and the history copy
                // (or a file numbered above all history outside the store, kept as it is).
                committed = file;
                previous = view.NewestValidHistory;
                missing.Add(CommitStep.HistoryCopy);
            }
            else
            {
                committed = view.NewestValidHistory;
                previous = committed is null ? null : NewestValidBelow(view, committed.Version);
            }
        }

        if (committed is null) return new RecoveryPlan(null, null, [], leftovers, discarded, null);

        var historyCount = view.History.Count + (missing.Contains(CommitStep.HistoryCopy) ? 1 : 0);
        if (historyCount > Math.Max(1, committed.Config.MaxHistoryFiles)) missing.Add(CommitStep.HistoryTrim);

        (long, long)? skipped = null;
        if (!HasAuditLine(audit, committed.Version))
        {
            missing.Add(CommitStep.AuditLine);
            var below = NumberBelow(view, audit, committed.Version);
            if (below is { } b && committed.Version - b > 1) skipped = (b + 1, committed.Version - 1);
        }
        return new RecoveryPlan(committed, previous, missing, leftovers, discarded, skipped);
    }

    /// <summary>The audit detail of a recovered commit: which steps were missing, and any number skipped.</summary>
    public static string AuditDetail(RecoveryPlan plan)
    {
        var steps = plan.Missing.Select(s => s.Words());
        var detail = $"recovered at start: the commit of version {plan.Committed!.Version} was cut short before its {string.Join(", ", steps)}";
        if (plan.Skipped is var (from, to))
            detail += from == to
                ? $"; version {from} was skipped: no commit holds it"
                : $"; versions {from} to {to} were skipped: no commit holds them";
        return detail;
    }

    private static string WhyNotCommitted(StoreFile pending, long above)
    {
        var name = Path.GetFileName(pending.Path);
        if (pending.Snapshot is not { } p)
            return $"{name} was cut during its write (empty or incomplete), so its commit never happened and its number is used again";
        return p.Version <= above
            ? $"{name} held version {p.Version}, not above version {above} on disk: a stale leftover, removed"
            : $"{name} held version {p.Version}, but wharf.json was edited since; the edit wins and the number is used again";
    }

    private static bool HasAuditLine(IReadOnlyList<AuditEntry> audit, long version) =>
        audit.Any(e => e.Version == version && IsCommit(e));

    private static bool IsCommit(AuditEntry e) => e.Action is not (AuditEntry.Backup or AuditEntry.DeleteBackup);

    /// <summary>The number of the newest version known below <paramref name="version"/>: in history, or audited; null when none is.</summary>
    private static long? NumberBelow(StoreView view, IReadOnlyList<AuditEntry> audit, long version)
    {
        var numbers = view.History.Select(h => h.Version).Concat(audit.Where(IsCommit).Select(e => e.Version)).Where(v => v < version).ToList();
        return numbers.Count > 0 ? numbers.Max() : null;
    }

    private static StoreSnapshot? Kept(StoreView view, long version)
    {
        foreach (var (v, path) in view.History)
        {
            if (v == version) return StoreFile.Read(path).Snapshot;
        }
        return null;
    }

    private static StoreSnapshot? NewestValidBelow(StoreView view, long version)
    {
        foreach (var (v, path) in view.History)
        {
            if (v < version && StoreFile.Read(path).Snapshot is { } kept) return kept;
        }
        return null;
    }
}
