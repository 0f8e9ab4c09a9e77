namespace Wharf.Config.Store;

/// <summary>What <c>GET /api/config/status</c> and <c>wharf config status</c> report about the store.</summary>
/// <param name="FileValid">Whether <c>config/wharf.json</c> is valid.</param>
/// <param name="FileVersion">The file's <c>version</c>, read even from an invalid file when its JSON allows; null when unreadable.</param>
/// <param name="FileErrors">Every reason the file is invalid; empty when it is valid.</param>
/// <param name="NewestHistoryVersion">The newest version in <c>config/history/</c>, valid or not; null when there is none.</param>
/// <param name="NewestValidHistoryVersion">The newest valid version there, which an invalid file falls back to.</param>
/// <param name="Current">The configuration in force: the file when valid, else the newest valid history version; null when neither exists.</param>
/// <param name="CommittedVersion">The newest committed version, counting a commit cut short that reconciliation finishes (<see cref="CommitRecovery"/>); null when there is none.</param>
public sealed record StoreState(
    bool FileValid,
    long? FileVersion,
    IReadOnlyList<ConfigError> FileErrors,
    long? NewestHistoryVersion,
    long? NewestValidHistoryVersion,
    StoreSnapshot? Current,
    long? CommittedVersion = null);
