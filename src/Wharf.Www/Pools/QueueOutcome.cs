using Wharf.Config.Model;

namespace Wharf.Www.Pools;

/// <summary>How a request's wait for a worker ended.</summary>
internal enum QueueOutcome
{
    /// <summary>A worker took it: the request holds one of its slots until <see cref="PoolQueue.Leave"/>.</summary>
    Admitted,

    /// <summary>queueLength requests were already waiting: 503 (IIS's QueueFull).</summary>
    Full,

    /// <summary>It waited the pool's queueTimeout: 503 (IIS's connectionTimeout).</summary>
    TimedOut,

    /// <summary>The pool was stopped, or rapid-fail protection tripped, while it waited: 503.</summary>
    Closed,

    /// <summary>The client went away while it waited: nothing to answer.</summary>
    ClientGone,
}

internal readonly record struct QueueResult(QueueOutcome Outcome, WorkerSlot? Worker = null);

/// <summary>A pool's queue settings, from its configuration.</summary>
internal sealed record QueueSettings(int QueueLength, TimeSpan QueueTimeout, int MaxPerWorker)
{
    public static QueueSettings From(AppPoolConfig pool) =>
        new(pool.QueueLength, pool.QueueTimeout, pool.MaxConcurrentRequestsPerWorker);
}
