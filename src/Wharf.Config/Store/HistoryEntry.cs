namespace Wharf.Config.Store;

/// <summary>A version kept in <c>config/history/</c>; <see cref="SavedAt"/> is the file's modification time.</summary>
public sealed record HistoryEntry(long Version, DateTimeOffset SavedAt, long Bytes);
