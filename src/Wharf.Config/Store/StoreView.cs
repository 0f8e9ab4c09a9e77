namespace Wharf.Config.Store;

/// <summary>
/// The store as the disk holds it at one moment: wharf.json and the history folder. Mutations
/// build one inside the lock and decide from it alone; nothing is cached between calls, because
/// another process may have committed since.
/// </summary>
internal sealed class StoreView(DataRoot root)
{
    private StoreSnapshot? _newestValidHistory;
    private bool _searchedHistory;

    public StoreFile File { get; } = StoreFile.Read(root.ConfigFile);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<(long Version, string Path)> History { get; } = StoreFile.History(root.HistoryFolder);

    public long NewestHistoryVersion => History.Count > 0 ? History[0].Version : 0;

    /// <summary>Read only when asked: a valid wharf.json needs no history read at all.</summary>
    public StoreSnapshot? NewestValidHistory
    {
        get
        {
            if (_searchedHistory) return _newestValidHistory;
            _searchedHistory = true;
            foreach (var (_, path) in History)
            {
                if (StoreFile.Read(path).Snapshot is { } kept) return _newestValidHistory = kept;
            }
            return null;
        }
    }

    /// <summary>The configuration in force: wharf.json when valid, else the newest valid history version.</summary>
    public StoreSnapshot? Base => File.Snapshot ?? NewestValidHistory;

    /// <summary>What If-Match is compared with, and what a client last saw as the ETag.</summary>
    public long CurrentVersion => Base?.Version ?? 0;

    /// <summary>The next version is above both: the version only grows, even past a hand edit that lowered it.</summary>
    public long VersionFloor => Math.Max(CurrentVersion, NewestHistoryVersion);
}
