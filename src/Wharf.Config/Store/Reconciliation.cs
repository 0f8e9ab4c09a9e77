namespace Wharf.Config.Store;

/// <summary>What <see cref="ConfigStore.Reconcile"/> did to finish a commit cut short.</summary>
/// <param name="Committed">The newest committed version, which the host must run on; null when the store holds no valid version.</param>
/// <param name="Finished">The steps of its commit that were missing and are done now.</param>
/// <param name="Removed">Temporary files left by a write cut short, now removed.</param>
/// <param name="Discarded">Why a temporary wharf.json was not taken as a commit (its number is used again by the next one).</param>
/// <param name="Audited">The audit line written for it, marked <c>recovered</c>; null when it had one.</param>
public sealed record Reconciliation(
    StoreSnapshot? Committed,
    IReadOnlyList<CommitStep> Finished,
    IReadOnlyList<string> Removed,
    string? Discarded,
    AuditEntry? Audited)
{
    public bool Changed => Finished.Count > 0 || Removed.Count > 0;

    /// <summary>One sentence for the event log.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Finished.Count > 0 && Committed is { } c)
            parts.Add($"version {c.Version} was committed without its {string.Join(", ", Finished.Select(s => s.Words()))}; done now");
        if (Discarded is not null) parts.Add(Discarded);
        else if (Removed.Count > 0) parts.Add($"removed {string.Join(", ", Removed.Select(Path.GetFileName))}, left by a write cut short");
        return parts.Count > 0 ? string.Join("; ", parts) : "nothing to finish";
    }
}
