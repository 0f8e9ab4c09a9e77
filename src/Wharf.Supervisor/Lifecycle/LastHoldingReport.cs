using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// The last report a service process sent of what it holds (with pong, stopping, and every
/// second of its drain), and when it came: what a kill at the deadline names as cut, "as of N s
/// before the kill" when the process had stopped reporting (hung, or stopped by a signal).
/// </summary>
internal sealed class LastHoldingReport(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _stoppingAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HoldingReport? _report;
    private DateTimeOffset _at;

    /// <summary>Completes when the process answered <c>stop</c> with what it holds.</summary>
    public Task StoppingAnswered => _stoppingAnswered.Task;

    /// <summary>A report came (with pong, stopping or holding); <paramref name="answersStop"/> for the answer to stop.</summary>
    public void Record(HoldingReport report, bool answersStop = false)
    {
        lock (_lock)
        {
            _report = report;
            _at = time.GetUtcNow();
        }
        if (answersStop) _stoppingAnswered.TrySetResult();
    }

    /// <summary>The report a control message carries, if any: a pong of an older service carries only a count.</summary>
    public static HoldingReport? Of(ControlMessage message) =>
        message.Holding ?? (message.Connections is { } c ? HoldingReport.CountOnly(c) : null);

    public (HoldingReport Report, TimeSpan Age)? Current
    {
        get
        {
            lock (_lock) return _report is null ? null : (_report, time.GetUtcNow() - _at);
        }
    }

    /// <summary>What to say of a kill now: at the deadline <paramref name="deadline"/>, or ended now by <paramref name="endedNowBy"/>.</summary>
    public ForcedStop Kill(int pid, TimeSpan deadline, string? endedNowBy = null)
    {
        var current = Current;
        return new ForcedStop
        {
            Pid = pid,
            DeadlineSeconds = deadline.TotalSeconds,
            EndedNowBy = endedNowBy,
            Held = current?.Report,
            ReportAgeSeconds = current is { } c ? Math.Round(c.Age.TotalSeconds, 1) : null,
        };
    }
}
