namespace Wharf.Www.Pools;

/// <summary>
/// One pool's queue, as HTTP.sys kept one per application pool: a request takes a slot on an
/// active worker with room at once, else waits, first come first served, until a slot frees or
/// the table gains a worker (no polling: <see cref="Leave"/> and <see cref="SetWorkers"/> hand
/// slots to the oldest waiters). At most queueLength wait, none longer than queueTimeout. While
/// requests wait and no worker is on its way, the pool asks for one (<c>demand</c>), at most about
/// once a <see cref="DemandInterval"/>, and again each interval while the need lasts.
/// </summary>
internal sealed class PoolQueue : IDisposable
{
    public static readonly TimeSpan DemandInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly TimeProvider _time;
    private readonly Action _demand;
    private QueueSettings _settings;
    private WorkerSlot[] _active = [];
    private bool _workerComing;
    private bool _closed;
    private int _next;
    private long? _lastDemandAt;
    private ITimer? _demandTimer;

    /// <param name="demand">Called outside the lock when the pool needs a worker.</param>
    public PoolQueue(QueueSettings settings, TimeProvider time, Action demand)
    {
        _settings = settings;
        _time = time;
        _demand = demand;
    }

    public int Waiting
    {
        get { lock (_lock) return _waiting.Count; }
    }

    public QueueSettings Settings
    {
        get { lock (_lock) return _settings; }
        set
        {
            lock (_lock)
            {
                _settings = value;
                Dispatch();
            }
        }
    }

    /// <summary>
    /// A slot on a worker, now or when one frees. <paramref name="atHead"/>: a request that was
    /// already admitted and must try again (its worker refused the connection) goes first and is
    /// not counted against queueLength; <paramref name="enteredAt"/> keeps its first wait's start.
    /// </summary>
    public ValueTask<QueueResult> EnterAsync(long enteredAt, CancellationToken aborted, bool atHead = false)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_closed) return new(new QueueResult(QueueOutcome.Closed));
            if ((_waiting.Count == 0 || atHead) && TakeWorker() is { } worker) return new(new QueueResult(QueueOutcome.Admitted, worker));
            if (!atHead && _waiting.Count >= _settings.QueueLength) return new(new QueueResult(QueueOutcome.Full));
            var left = _settings.QueueTimeout - _time.GetElapsedTime(enteredAt);
            if (left <= TimeSpan.Zero) return new(new QueueResult(QueueOutcome.TimedOut));

            waiter = new Waiter(this);
            waiter.Node = atHead ? _waiting.AddFirst(waiter) : _waiting.AddLast(waiter);
            waiter.Timer = _time.CreateTimer(static s => ((Waiter)s!).End(QueueOutcome.TimedOut), waiter, left, Timeout.InfiniteTimeSpan);
        }
        // Outside the lock: a token already cancelled runs the callback here, and it takes the lock.
        waiter.Registration = aborted.UnsafeRegister(static s => ((Waiter)s!).End(QueueOutcome.ClientGone), waiter);
        CheckDemand();
        return new(waiter.Task);
    }

    /// <summary>A request on <paramref name="worker"/> ended; with <paramref name="unusable"/>, the worker refused it and takes no more until the next table.</summary>
    public void Leave(WorkerSlot worker, bool unusable = false)
    {
        lock (_lock)
        {
            worker.InFlight--;
            if (unusable) worker.Unusable = true;
            Dispatch();
        }
        if (unusable) CheckDemand();
    }

    /// <summary>
    /// The pool's part of a new table: its active workers (each usable again), whether one is
    /// warming up or starting (so no demand is needed), and whether the pool takes requests at
    /// all (a closed pool fails its waiters at once).
    /// </summary>
    public void SetWorkers(WorkerSlot[] active, bool workerComing, bool closed)
    {
        lock (_lock)
        {
            foreach (var worker in active) worker.Unusable = false;
            _active = active;
            _workerComing = workerComing;
            _closed = closed;
            if (closed)
                while (_waiting.First is { } first) first.Value.Complete(new QueueResult(QueueOutcome.Closed));
            else
                Dispatch();
        }
        CheckDemand();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _demandTimer?.Dispose();
            _demandTimer = null;
        }
    }

    private WorkerSlot? TakeWorker()
    {
        var index = WorkerChoice.Pick(_active, _settings.MaxPerWorker, ref _next);
        if (index < 0) return null;
        var worker = _active[index];
        worker.InFlight++;
        return worker;
    }

    // Under the lock: free slots go to the oldest waiters.
    private void Dispatch()
    {
        while (_waiting.First is { } first && TakeWorker() is { } worker)
            first.Value.Complete(new QueueResult(QueueOutcome.Admitted, worker));
    }

    private void CheckDemand()
    {
        var report = false;
        lock (_lock)
        {
            if (_closed || _waiting.Count == 0 || _workerComing)
            {
                _demandTimer?.Dispose();
                _demandTimer = null;
                return;
            }
            var now = _time.GetTimestamp();
            if (_lastDemandAt is not { } last || _time.GetElapsedTime(last, now) >= DemandInterval)
            {
                _lastDemandAt = now;
                report = true;
            }
            _demandTimer ??= _time.CreateTimer(static s => ((PoolQueue)s!).CheckDemand(), this, DemandInterval, DemandInterval);
        }
        if (report) _demand();
    }

    private sealed class Waiter(PoolQueue queue)
    {
        private readonly TaskCompletionSource<QueueResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node;
        public ITimer? Timer;
        public CancellationTokenRegistration Registration;

        public Task<QueueResult> Task => _done.Task;

        /// <summary>Timed out or the client left: only if it still waits (a slot may have come first).</summary>
        public void End(QueueOutcome outcome)
        {
            lock (queue._lock)
            {
                if (Node?.List is null) return;
                Complete(new QueueResult(outcome));
            }
            queue.CheckDemand();
        }

        // Under the queue's lock.
        public void Complete(QueueResult result)
        {
            queue._waiting.Remove(Node!);
            Timer?.Dispose();
            // Unregister, not Dispose: Dispose waits for a running callback, which waits for this lock.
            Registration.Unregister();
            _done.TrySetResult(result);
        }
    }
}
