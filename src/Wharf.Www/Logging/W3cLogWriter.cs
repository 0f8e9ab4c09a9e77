using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control;

namespace Wharf.Www.Logging;

/// <summary>
/// Writes every site's W3C log off the request path: a request puts one entry in a bounded
/// channel and goes on (when the channel is full the entry is dropped and counted, never
/// waited for); one background task formats the entries and writes each site's lines with one
/// write(2) per batch, so a line is on disk at most a second after its request finished (sooner
/// when the channel runs empty). <see cref="StopAsync"/> writes everything queued.
/// </summary>
internal sealed class W3cLogWriter
{
    public const int DefaultCapacity = 16 * 1024;

    /// <summary>How long a log whose file could not be opened drops entries before trying again.</summary>
    public static readonly TimeSpan RetryOpenAfter = TimeSpan.FromSeconds(5);

    public static readonly string Software = "Wharf " + (
        typeof(W3cLogWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(W3cLogWriter).Assembly.GetName().Version?.ToString(3) ?? "0");

    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private const int FlushChars = 256 * 1024;

    /// <summary>
    /// How long the writer lets entries gather after each batch before it waits for the next. Woken
    /// per entry, it cost a thread wake-up and a write(2) per request under load: measured with the
    /// forwarding lane, a quarter of www's CPU per request. nginx's buffered access log batches the
    /// same way (buffer=64k flush=1s); here a line is on disk within about a tenth of a second.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();

    private readonly Channel<W3cLogEntry> _channel;
    private readonly ILogger _log;
    private readonly Action<EventName, string?> _reportEvent;
    private readonly ConcurrentQueue<SiteLog> _retired = new();
    private readonly HashSet<SiteLog> _touched = [];
    private readonly Task _consumer;
    private long _dropped;
    private int _warnedFull;
    private volatile bool _stopping;

    public W3cLogWriter(TimeProvider time, ILogger log, Action<EventName, string?> reportEvent, int capacity = DefaultCapacity)
    {
        Time = time;
        _log = log;
        _reportEvent = reportEvent;
        _channel = Channel.CreateBounded<W3cLogEntry>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    public TimeProvider Time { get; }

    /// <summary>Entries dropped because the channel was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public SiteLog Create(SiteLogSettings settings) => new(this, settings);

    public bool TryEnqueue(in W3cLogEntry entry)
    {
        if (_channel.Writer.TryWrite(entry)) return true;
        // A request that outlived the stop's deadline: the process is exiting; nothing to count.
        if (_stopping) return false;
        var dropped = Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _warnedFull, 1) == 0) WwwLog.LogQueueFull(_log, _channel.Reader.Count, dropped);
        return false;
    }

    /// <summary>Closes <paramref name="log"/>'s file once what it has is written.</summary>
    internal void Wake(SiteLog log)
    {
        _retired.Enqueue(log);
        // A wake-up entry; if the channel is full, the writer is busy and will see the queue anyway.
        _channel.Writer.TryWrite(new W3cLogEntry { Log = log, Time = default, Status = WakeUp });
    }

    /// <summary>Writes everything queued, closes every file, and ends the background task.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        _channel.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _consumer.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A stop must finish whatever happened to the log; the error is logged, not thrown.
            WwwLog.LogEntryFailed(_log, e);
        }
        var dropped = Dropped;
        if (dropped > 0) WwwLog.LogEntriesDropped(_log, dropped);
    }

    internal void ReportFailure(SiteLog log, string path, Exception e)
    {
        WwwLog.LogFileFailed(_log, log.Settings.SiteName, path, e.Message);
        _reportEvent(EventName.LogFailed, $"{log.Settings.SiteName}: cannot write {path}: {e.Message}; requests are served, their log lines are lost until it can");
    }

    internal void ReportRecovery(SiteLog log, string path) => WwwLog.LogFileRecovered(_log, log.Settings.SiteName, path);

    private const int WakeUp = -1;

    private async Task ConsumeAsync()
    {
        var reader = _channel.Reader;
        var lastFlush = Time.GetTimestamp();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var pendingChars = 0;
            var count = 0;
            while (reader.TryRead(out var entry))
            {
                if (entry.Status == WakeUp) continue;
                try
                {
                    var before = entry.Log.PendingChars;
                    entry.Log.Append(entry);
                    pendingChars += Math.Max(0, entry.Log.PendingChars - before);
                }
                catch (Exception e)
                {
                    // A bug formatting one entry must not end logging for every site.
                    WwwLog.LogEntryFailed(_log, e);
                }
                _touched.Add(entry.Log);

                // Under a steady stream the channel may never run empty: flush by size and by time too.
                if (++count % 256 == 0 && (pendingChars >= FlushChars || Time.GetElapsedTime(lastFlush) >= FlushInterval))
                {
                    FlushAll();
                    pendingChars = 0;
                    lastFlush = Time.GetTimestamp();
                }
            }
            try
            {
                FlushAll();
                CloseRetired();
            }
            catch (Exception e)
            {
                WwwLog.LogEntryFailed(_log, e);
            }
            lastFlush = Time.GetTimestamp();
            // Real time, not Time: this paces the writer and decides nothing a test observes but latency.
            await Task.Delay(Linger, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        FlushAll();
        foreach (var log in _touched) log.CloseFile();
        _touched.Clear();
        CloseRetired();
    }

    private void FlushAll()
    {
        foreach (var log in _touched) log.Flush();
    }

    private void CloseRetired()
    {
        while (_retired.TryDequeue(out var log))
        {
            log.Flush();
            log.CloseFile();
            _touched.Remove(log);
        }
    }
}
