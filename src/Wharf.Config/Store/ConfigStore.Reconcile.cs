namespace Wharf.Config.Store;

public sealed partial class ConfigStore
{
    /// <summary>
    /// Finishes a commit cut short, whatever instant it was cut at (<see cref="CommitRecovery"/>
    /// decides what is committed): removes temporary files, renames a complete wharf.json.tmp into
    /// place, writes the history copy, trims history, and writes a missing audit line marked
    /// <c>recovered</c>. The admin service runs it before it takes any change, then has the
    /// supervisor apply <see cref="Reconciliation.Committed"/> when it is not running.
    /// </summary>
    public Reconciliation Reconcile(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using var held = Lock();
        var plan = Plan(Root, Audit);
        var removed = new List<string>();
        foreach (var leftover in plan.Leftovers)
        {
            try
            {
                File.Delete(leftover);
                removed.Add(leftover);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Harmless where it is: the next write of that name replaces it.
            }
        }

        AuditEntry? audited = null;
        if (plan.Committed is { } committed)
        {
            if (plan.Missing.Contains(CommitStep.Rename)) StoreWriter.WriteDurably(Root.ConfigFile, committed.Text);
            if (plan.Missing.Contains(CommitStep.HistoryCopy)) CopyToHistory(committed);
            if (plan.Missing.Contains(CommitStep.HistoryTrim)) TrimHistory(committed);
            if (plan.Missing.Contains(CommitStep.AuditLine))
            {
                var changes = ConfigDiff.Between(plan.Previous?.Document, committed.Document);
                audited = Audit.Append(actor, AuditEntry.Recovered, committed.Version, plan.Previous?.Version, Paths(changes), CommitRecovery.AuditDetail(plan));
            }
        }
        return new Reconciliation(plan.Committed, plan.Missing, removed, plan.Discarded, audited);
    }

    /// <summary>
    /// The newest committed version as the disk holds it, counting a commit cut short that the
    /// next reconciliation will finish; 0 when there is none. Reads only, without the lock: for
    /// status, beside the version running.
    /// </summary>
    public static long ReadCommittedVersion(DataRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Plan(root, new AuditLog(root.AuditLog, TimeProvider.System)).Committed?.Version ?? 0;
    }

    private static RecoveryPlan Plan(DataRoot root, AuditLog audit)
    {
        var view = new StoreView(root);
        var pendingPath = StoreWriter.TempFor(root.ConfigFile);
        var pending = File.Exists(pendingPath) ? StoreFile.Read(pendingPath) : null;
        return CommitRecovery.Plan(view, pending, Leftovers(root), audit.ReadRecent(CommitRecovery.AuditWindow));
    }

    /// <summary>Temporary files of wharf.json and history: the store's (<c>.tmp</c>) and <see cref="ConfigWriter"/>'s (<c>.tmp-PID-N</c>).</summary>
    private static List<string> Leftovers(DataRoot root)
    {
        var found = new List<string>();
        found.AddRange(Files(root.ConfigFolder, Path.GetFileName(root.ConfigFile) + StoreWriter.TempSuffix + "*"));
        found.AddRange(Files(root.HistoryFolder, "wharf.*.json" + StoreWriter.TempSuffix + "*"));
        return found;
    }

    private static string[] Files(string folder, string pattern)
    {
        try
        {
            return Directory.GetFiles(folder, pattern);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
