using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Health;

namespace Wharf.Www.Pools.Offline;

/// <summary>
/// Watches the folder of every application of a pool with workers for app_offline.htm (one
/// FileSystemWatcher per folder, rebuilt at each apply), reads the file when it appears or
/// changes, publishes the pages to <see cref="AppOffline"/>, and reports pools offline and online.
/// Every folder is also read at start and at apply, so a file put there before counts.
/// </summary>
internal sealed class AppOfflineWatch(AppOffline pages, DataRoot root, Action<PoolReport> report, ILogger log) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, OfflinePage> _found = new(StringComparer.Ordinal);
    private IReadOnlyList<OfflineApplication> _applications = [];
    private HashSet<string> _folders = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _reported = new Dictionary<string, string>();
    private bool _stopped;

    /// <summary>Called after each change is published, with the reports it made (possibly none): tests await it instead of sleeping.</summary>
    internal Action<IReadOnlyList<PoolReport>>? Published { get; init; }

    public void Apply(WharfConfig config)
    {
        lock (_lock)
        {
            if (_stopped) return;
            _applications = OfflinePools.Applications(config, root);
            var folders = _applications.Select(a => a.Folder).ToHashSet(StringComparer.Ordinal);
            StopWatching();
            _folders = folders;
            // Watching before reading: a file that appears in between is then both read and signalled.
            foreach (var folder in folders) Watch(folder);
            foreach (var gone in _found.Keys.Where(f => !folders.Contains(f)).ToList()) _found.Remove(gone);
            foreach (var folder in folders) Read(folder);
            Publish();
        }
    }

    private void Watch(string folder)
    {
        if (!Directory.Exists(folder)) return;
        try
        {
            var watcher = new FileSystemWatcher(folder, AppOffline.FileName)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Created += (_, e) => Changed(folder, e.Name);
            watcher.Changed += (_, e) => Changed(folder, e.Name);
            watcher.Deleted += (_, e) => Changed(folder, e.Name);
            watcher.Renamed += (_, e) => Changed(folder, e.Name == AppOffline.FileName ? e.Name : e.OldName);
            // Events lost (the kernel's queue overflowed): read every folder again.
            watcher.Error += (_, _) => ReadAll();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            PoolWatchLog.OfflineWatchFailed(log, folder, e.Message);
        }
    }

    private void Changed(string folder, string? name)
    {
        // The filter's match is the platform's; the name is ANCM's, exactly.
        if (name != AppOffline.FileName) return;
        lock (_lock)
        {
            if (_stopped || !_folders.Contains(folder)) return;
            Read(folder);
            Publish();
        }
    }

    private void ReadAll()
    {
        lock (_lock)
        {
            if (_stopped) return;
            foreach (var folder in _folders) Read(folder);
            Publish();
        }
    }

    private void Read(string folder)
    {
        var (page, problem) = OfflinePageFile.Read(folder);
        var had = _found.TryGetValue(folder, out var before);
        if (page is null)
        {
            _found.Remove(folder);
            if (had) PoolWatchLog.OfflinePageGone(log, before!.File);
            return;
        }
        _found[folder] = page;
        if (problem is not null) PoolWatchLog.OfflinePageProblem(log, page.File, problem);
        else if (!had) PoolWatchLog.OfflinePageFound(log, page.File, page.Content.Length);
    }

    private void Publish()
    {
        pages.Publish(_found);
        var offline = OfflinePools.Offline(_applications, _found);
        var reports = OfflinePools.Changes(_reported, offline).ToList();
        _reported = offline;
        foreach (var r in reports)
        {
            if (r.Kind == PoolReportKind.Offline) PoolWatchLog.PoolOffline(log, r.Pool, r.Detail ?? "");
            else PoolWatchLog.PoolOnline(log, r.Pool);
            report(r);
        }
        Published?.Invoke(reports);
    }

    private void StopWatching()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            StopWatching();
        }
    }
}
