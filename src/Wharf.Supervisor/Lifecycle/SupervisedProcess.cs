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

    public SupervisedProcess(ISupervisedProcess process, TimeProvider time)
    {
        _process = process;
        _time = time;
        StartedAt = time.GetUtcNow();
        _lastHeardTicks = StartedAt.UtcTicks;
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

    /// <summary>How this kind of process is told to finish by a deadline (a service: <c>stop</c> on its channel).</summary>
    public void StopsBy(Func<TimeSpan, Task> askStop) => _askStop = askStop;

    public void MarkReady()
    {
        // Time spent starting is not silence: liveness counts from ready.
        Heard();
        _ready.TrySetResult();
    }

    public void Heard() => Interlocked.Exchange(ref _lastHeardTicks, _time.GetUtcNow().UtcTicks);

    public void Holds(long connections) => Interlocked.Exchange(ref _connections, connections);

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

    /// <summary>Ends it with everything it started; the first reason given is the one reported.</summary>
    public void Kill(string because)
    {
        KilledBecause ??= because;
        _process.KillGroup();
    }
}
