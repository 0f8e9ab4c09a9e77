using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Wharf.Admin.HandEdits;

/// <summary>
/// Watches <c>config/wharf.json</c> (inotify through FileSystemWatcher) and calls back once per
/// burst of changes: editors save in steps (truncate and write, or write a copy and rename it
/// over), and only the end of the burst is worth reading. The store's own commits show up here
/// too; the store finds them unchanged and does nothing.
/// </summary>
internal sealed class HandEditWatcher : IAsyncDisposable
{
    // Long enough to see a whole editor save, short enough that an administrator does not wait.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    private readonly FileSystemWatcher _watcher;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HandEditWatcher(string configFile, Func<CancellationToken, Task> onChanged, ILogger log)
    {
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(configFile)!, Path.GetFileName(configFile))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _changes.Writer.TryWrite(true);
        _watcher.Created += (_, _) => _changes.Writer.TryWrite(true);
        _watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
        _watcher.Error += (_, e) =>
        {
            // An overflowed inotify queue loses events, not the file: read it again to be sure.
            log.LogWarning("Watching {File}: {Error}; reading it again", configFile, e.GetException().Message);
            _changes.Writer.TryWrite(true);
        };
        _watcher.EnableRaisingEvents = true;
        _loop = LoopAsync(onChanged, log);
    }

    private async Task LoopAsync(Func<CancellationToken, Task> onChanged, ILogger log)
    {
        var token = _stop.Token;
        try
        {
            while (await _changes.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                await Task.Delay(Settle, token).ConfigureAwait(false);
                _changes.Reader.TryRead(out _);
                try
                {
                    await onChanged(token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Taking up a change to the configuration file failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        _changes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
