using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Metrics;

/// <summary>
/// Reads the host every <see cref="MetricsHistory.IntervalSeconds"/> s into the history, and
/// saves it at most once a minute and when the process stops. The first reading after a start
/// only sets the base for the next: a rate needs two.
/// </summary>
internal sealed class MetricsSampler(
    MetricsHistory history,
    Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor,
    TimeProvider time,
    ILogger log) : IAsyncDisposable
{
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private HostReading? _previous;
    private DateTimeOffset _savedAt = time.GetUtcNow();
    private int _unsaved;

    public MetricsHistory History => history;

    public void Start()
    {
        TakeUpFile();
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>One reading: a sample when there is a base, and a save when a minute has passed. Public for tests.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        TakeUpFile();
        var (reading, problem) = await HostReading.ReadAsync(askSupervisor, time, cancellationToken).ConfigureAwait(false);
        if (reading is null)
        {
            MetricsLog.SampleSkipped(log, problem!);
            return;
        }
        if (_previous is { } previous)
        {
            history.Add(SampleRates.Compute(previous, reading));
            _unsaved++;
        }
        _previous = reading;
        if (_unsaved > 0 && time.GetUtcNow() - _savedAt >= SaveEvery) Save();
    }

    private void TakeUpFile()
    {
        if (history.Merge(time.GetUtcNow()) is { } problem) MetricsLog.HistoryUnreadable(log, problem);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(MetricsHistory.IntervalSeconds), time);
        try
        {
            do
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The charts miss a point; the admin service goes on.
                    MetricsLog.SampleSkipped(log, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Save()
    {
        try
        {
            history.Save(time.GetUtcNow());
            _unsaved = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MetricsLog.HistoryNotSaved(log, history.Path, e.Message);
        }
        _savedAt = time.GetUtcNow();
    }

    /// <summary>At the process's stop: no more readings, and what was gathered is kept for the next process.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_unsaved > 0) Save();
        _stop.Dispose();
    }
}
