using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// The recycling triggers a pool's runner does not get from www: periodicRestart.time per worker
/// (spread across the garden), periodicRestart.schedule, recycleOnFileChange, and the resource
/// watch (each worker sampled every second). Each fires the runner's own recycle or kill.
/// </summary>
internal sealed class PoolTriggers : IDisposable
{
    /// <summary>A deployment copies many files over a few seconds: one recycle after it settles.</summary>
    public static readonly TimeSpan FileChangeQuiet = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly PoolRunner _runner;
    private readonly PoolEnvironment _env;
    private readonly Lock _lock = new();
    private CancellationTokenSource _pool = new();
    private List<FileSystemWatcher> _watchers = [];
    private ITimer? _quiet;
    private string? _changed;
    private IResourceObserver? _observer;

    public PoolTriggers(PoolRunner runner, PoolEnvironment env)
    {
        _runner = runner;
        _env = env;
        Configure();
    }

    /// <summary>(Re)arms the pool-wide triggers for the runner's current configuration.</summary>
    public void Configure()
    {
        var config = _runner.Config;
        CancellationTokenSource next;
        List<FileSystemWatcher> old;
        lock (_lock)
        {
            _pool.Cancel();
            _pool.Dispose();
            _pool = next = new CancellationTokenSource();
            old = _watchers;
            _watchers = config.Recycling.RecycleOnFileChange ? Watch([.. PoolPaths.Of(_env.Config(), config.Name).Select(_env.ResolvePath)]) : [];
            _observer = _env.ResourceWatch?.Invoke(config);
        }
        foreach (var w in old) w.Dispose();
        if (config.Recycling.PeriodicRestart.Schedule.Count > 0) _ = ScheduleLoopAsync(config.Recycling.PeriodicRestart.Schedule, next.Token);
    }

    /// <summary>A worker accepts requests: its periodic recycle is armed and its use is watched.</summary>
    public void WorkerReady(PoolWorker worker, bool replacement)
    {
        var config = _runner.Config;
        if (PeriodicRestartPlan.FirstRecycleAfter(config.Recycling.PeriodicRestart.Time, worker.Slot, config.ProcessModel.MaxProcesses, replacement) is { } after)
            _ = PeriodicAsync(worker, after);
        _ = SampleLoopAsync(worker);
    }

    private async Task PeriodicAsync(PoolWorker worker, TimeSpan after)
    {
        try { await Task.Delay(after, _env.Time, worker.Timers); }
        catch (OperationCanceledException) { return; }
        await _runner.RecycleAsync(RecycleReason.Time, $"ran {RecoveryPolicy.Describe(after)}", [worker], waitForDrain: false);
    }

    private async Task ScheduleLoopAsync(IReadOnlyList<string> schedule, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var now = _env.Time.GetUtcNow();
            if (PeriodicRestartPlan.NextScheduled(schedule, now, _env.Zone) is not { } at) return;
            try { await Task.Delay(at - now, _env.Time, token); }
            catch (OperationCanceledException) { return; }
            var local = TimeZoneInfo.ConvertTime(at, _env.Zone);
            await _runner.RecycleAsync(RecycleReason.Schedule, $"at {local:HH:mm}", waitForDrain: false);
        }
    }

    private async Task SampleLoopAsync(PoolWorker worker)
    {
        using var timer = new PeriodicTimer(SampleInterval, _env.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(worker.Timers))
            {
                if (worker.Process.HasExited) return;
                var sample = worker.Cgroup is { } cgroup ? cgroup.Sample() : _env.SampleProc(worker.Pid);
                if (sample is not { } s) continue;
                worker.Sampled(s, _env.Time.GetUtcNow());
                IResourceObserver? observer;
                lock (_lock) observer = _observer;
                if (observer is null || worker.Leaving) continue;
                foreach (var action in observer.Observe(worker.Id, s, _env.Time.GetUtcNow())) await _runner.CarryOutAsync(worker, action);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cgroup removed under it: the worker is gone or going; its exit is handled elsewhere.
        }
        finally
        {
            lock (_lock) _observer?.Forget(worker.Id);
        }
    }

    private List<FileSystemWatcher> Watch(IReadOnlyList<string> folders)
    {
        var watchers = new List<FileSystemWatcher>();
        foreach (var folder in folders.Where(Directory.Exists))
        {
            try
            {
                var watcher = new FileSystemWatcher(folder)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                watcher.Changed += (_, e) => Changed(e.FullPath);
                watcher.Created += (_, e) => Changed(e.FullPath);
                watcher.Deleted += (_, e) => Changed(e.FullPath);
                watcher.Renamed += (_, e) => Changed(e.FullPath);
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                _env.Events.Write(_runner.Label, Hosting.Control.EventName.Warning, $"pool {_runner.Name}: cannot watch {folder} for recycleOnFileChange: {e.Message}");
            }
        }
        return watchers;
    }

    private void Changed(string path)
    {
        // app_offline.htm takes the application offline (www's watcher), it does not recycle it.
        if (string.Equals(Path.GetFileName(path), "app_offline.htm", StringComparison.OrdinalIgnoreCase)) return;
        lock (_lock)
        {
            _changed = path;
            _quiet ??= _env.Time.CreateTimer(_ => Settled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _quiet.Change(FileChangeQuiet, Timeout.InfiniteTimeSpan);
        }
    }

    private void Settled()
    {
        string? path;
        lock (_lock) path = _changed;
        _ = _runner.RecycleAsync(RecycleReason.FileChange, path is null ? null : $"{path} changed", waitForDrain: false);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _pool.Cancel();
            foreach (var w in _watchers) w.Dispose();
            _watchers = [];
            _quiet?.Dispose();
            _quiet = null;
        }
    }
}
