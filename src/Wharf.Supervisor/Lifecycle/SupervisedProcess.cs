using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// What the supervisor knows of one process it runs, for any kind: whether it is ready, when it
/// was last heard from (its liveness), the connections it last reported, whether its end was
/// asked for, and why it was killed. How a kind learns these (a service's control channel, a
/// pool worker's socket and www's reports) sits on top and calls <see cref="MarkReady"/>,
/// <see cref="Heard"/> and <see cref="Holds"/>; how it is asked to stop is its <c>askStop</c>.
/// </summary>
internal sealed class SupervisedProcess
{
    private readonly ISupervisedProcess _process;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<TimeSpan, Task> _askStop = _ => Task.CompletedTask;
    private long _lastHeardTicks;
    private long _connections;
    private volatile bool _answersStop;

    public SupervisedProcess(ISupervisedProcess process, TimeProvider time)
    {
        _process = process;
        _time = time;
        StartedAt = time.GetUtcNow();
        _lastHeardTicks = StartedAt.UtcTicks;
        Holding = new LastHoldingReport(time);
        _ = process.Exited.ContinueWith(_ => _ready.TrySetException(new InvalidOperationException("exited before it was ready")), TaskScheduler.Default);
    }

    public int Pid => _process.Pid;
    public DateTimeOffset StartedAt { get; }
    public Task<ProcessExit> Exited => _process.Exited;
    public bool HasExited => _process.Exited.IsCompleted;
    public Task Ready => _ready.Task;

    /// <summary>Set once the supervisor has asked it to stop (or expects it to leave): its exit is then not a failure.</summary>
    public bool StopRequested { get; private set; }
    public Task StopRequestedTask => _stopRequested.Task;

    /// <summary>Set when the supervisor killed it (deadline passed, hung, not ready in time, ended now).</summary>
    public string? KilledBecause { get; private set; }

    public DateTimeOffset LastHeard => new(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>The last report of what it holds, named (a service's pong, stopping and drain reports), for a kill.</summary>
    public LastHoldingReport Holding { get; }

    /// <summary>Set at a kill that cut what it held (the deadline, or end-now): what it held, as last reported.</summary>
    public ForcedStop? Forced { get; private set; }

    /// <summary>How this kind of process is told to finish by a deadline (a service: <c>stop</c> on its channel).</summary>
    public void StopsBy(Func<TimeSpan, Task> askStop) => _askStop = askStop;

    public void MarkReady()
    {
        // Time spent starting is not silence: liveness counts from ready.
        Heard();
        _ready.TrySetResult();
    }

    public void Heard() => Interlocked.Exchange(ref _lastHeardTicks, _time.GetUtcNow().UtcTicks);

    public void Holds(long connections) => Holds(HoldingReport.CountOnly(connections));

    /// <summary>A named report of what it holds; <paramref name="answersStop"/> for the answer to a stop.</summary>
    public void Holds(HoldingReport report, bool answersStop = false)
    {
        Interlocked.Exchange(ref _connections, report.Connections);
        Holding.Record(report, answersStop);
    }

    /// <summary>This kind answers a stop with what it holds (a service's <c>stopping</c>): a drain waits briefly for it.</summary>
    public void AnswersStop() => _answersStop = true;

    /// <summary>Completes when the process answered its stop, at once for a kind that does not answer.</summary>
    public Task StopAnswered => _answersStop ? Holding.StoppingAnswered : Task.CompletedTask;

    public async Task RequestStopAsync(TimeSpan deadline)
    {
        ExpectExit();
        await _askStop(deadline).ConfigureAwait(false);
    }

    /// <summary>Marks an exit the supervisor causes on purpose (a stop, a reboot hand-over), so it is not counted as a failure.</summary>
    public void ExpectExit()
    {
        StopRequested = true;
        _stopRequested.TrySetResult();
    }

    /// <summary>Kills it at its deadline (or ended now by <paramref name="endedNowBy"/>), naming what it held as last reported.</summary>
    public ForcedStop KillCutting(TimeSpan deadline, string? endedNowBy)
    {
        var forced = Holding.Kill(Pid, deadline, endedNowBy);
        Forced ??= forced;
        Kill(ForcedStopText.Describe(forced));
        return forced;
    }

    /// <summary>Ends it with everything it started; the first reason given is the one reported.</summary>
    public void Kill(string because)
    {
        KilledBecause ??= because;
        _process.KillGroup();
    }
}
