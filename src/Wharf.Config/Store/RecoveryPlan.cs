namespace Wharf.Config.Store;

/// <summary>
/// What <see cref="CommitRecovery.Plan"/> found: the newest committed version and the steps of
/// its commit that the disk does not show yet.
/// </summary>
/// <param name="Committed">The newest committed version; null when the store holds no valid version at all.</param>
/// <param name="Previous">The version it replaced, for the audit line's changes; null for a first version.</param>
/// <param name="Missing">Steps still to take, in commit order (rename, history copy, history trim, audit line).</param>
/// <param name="Leftovers">Temporary files a cut-short write left; removed.</param>
/// <param name="Discarded">Why a temporary wharf.json was not taken as a commit; null when there was none, or it was.</param>
/// <param name="Skipped">Version numbers below <see cref="Committed"/> that no version holds, when its audit line is written.</param>
internal sealed record RecoveryPlan(
    StoreSnapshot? Committed,
    StoreSnapshot? Previous,
    IReadOnlyList<CommitStep> Missing,
    IReadOnlyList<string> Leftovers,
    string? Discarded,
    (long From, long To)? Skipped);
