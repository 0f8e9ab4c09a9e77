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
/// Every folder is also read at start and at apply, so a file put there before counts; a folder
/// that cannot be watched (missing yet, out of inotify instances, a network file system) is read
/// every <see cref="PollInterval"/> instead.
/// </summary>
internal sealed class AppOfflineWatch : IDisposable
{
    /// <summary>For folders without a watcher: one failed open() each, cheap enough to do often.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly AppOffline _pages;
    private readonly DataRoot _root;
    private readonly Action<PoolReport> _report;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, OfflinePage> _found = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unwatched = new(StringComparer.Ordinal);
    private readonly ITimer _poll;
    private IReadOnlyList<OfflineApplication> _applications = [];
    private HashSet<string> _folders = new(StringComparer.Ordinal);
    // Null until the first publish, which says where every pool stands (OfflinePools.AtStart).
    private IReadOnlyDictionary<string, string>? _reported;
    private bool _stopped;

    public AppOfflineWatch(AppOffline pages, DataRoot root, TimeProvider time, Action<PoolReport> report, ILogger log)
    {
        _pages = pages;
        _root = root;
        _report = report;
        _log = log;
        _poll = time.CreateTimer(_ => Poll(), null, PollInterval, PollInterval);
    }

    /// <summary>Called after each change is published, with the reports it made (possibly none): tests await it instead of sleeping.</summary>
    internal Action<IReadOnlyList<PoolReport>>? Published { get; init; }

    public void Apply(WharfConfig config)
    {
        lock (_lock)
        {
            if (_stopped) return;
            _applications = OfflinePools.Applications(config, _root);
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
        if (!Directory.Exists(folder))
        {
            _unwatched.Add(folder);
            return;
        }
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(folder, AppOffline.FileName)
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
            watcher?.Dispose();
            _unwatched.Add(folder);
            PoolWatchLog.OfflineWatchFailed(_log, folder, e.Message);
        }
    }

    private void Poll()
    {
        lock (_lock)
        {
            if (_stopped || _unwatched.Count == 0) return;
            var changed = false;
            foreach (var folder in _unwatched) changed |= Read(folder);
            if (changed) Publish();
        }
    }

    private void Changed(string folder, string? name)
    {
        // The filter's match is the platform's; the name is ANCM's, exactly.
        if (name != AppOffline.FileName) return;
        lock (_lock)
        {
            if (_stopped || !_folders.Contains(folder)) return;
            if (Read(folder)) Publish();
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

    /// <summary>Reads the folder's file into the set; true when what is served for the folder changed.</summary>
    private bool Read(string folder)
    {
        var (page, problem) = OfflinePageFile.Read(folder);
        var had = _found.TryGetValue(folder, out var before);
        if (page is null)
        {
            if (!had) return false;
            _found.Remove(folder);
            PoolWatchLog.OfflinePageGone(_log, before!.File);
            return true;
        }
        if (had && before!.Content.Span.SequenceEqual(page.Content.Span)) return false;
        _found[folder] = page;
        if (problem is not null) PoolWatchLog.OfflinePageProblem(_log, page.File, problem);
        else if (!had) PoolWatchLog.OfflinePageFound(_log, page.File, page.Content.Length);
        return true;
    }

    private void Publish()
    {
        _pages.Publish(_found);
        var offline = OfflinePools.Offline(_applications, _found);
        var atStart = _reported is null;
        var reports = (_reported is { } before ? OfflinePools.Changes(before, offline) : OfflinePools.AtStart(_applications, offline)).ToList();
        _reported = offline;
        foreach (var r in reports)
        {
            if (r.Kind == PoolReportKind.Offline) PoolWatchLog.PoolOffline(_log, r.Pool, r.Detail ?? "");
            else if (!atStart) PoolWatchLog.PoolOnline(_log, r.Pool);
            _report(r);
        }
        Published?.Invoke(reports);
    }

    private void StopWatching()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
        _unwatched.Clear();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            StopWatching();
        }
        _poll.Dispose();
    }
}
