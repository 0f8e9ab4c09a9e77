namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// How long an alwaysRunning pool waits before it tries again to start workers that could not
/// start: 1 s after the first failure, doubling to at most 60 s, so that a missing program or a
/// port in use is retried soon but never in a tight loop. Immutable; a worker that gets ready
/// starts it afresh (<see cref="Fresh"/>).
/// </summary>
internal sealed record StartRetryBackoff(int Failures)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    public static StartRetryBackoff Fresh { get; } = new(0);

    /// <summary>After one more failed start: how long to wait before the next try, and the back-off after it.</summary>
    public (TimeSpan Delay, StartRetryBackoff Next) Failed()
    {
        // 2^6 s already passes the longest wait; the exponent stops there so it never overflows.
        var delay = TimeSpan.FromTicks(Math.Min(First.Ticks << Math.Min(Failures, 6), Longest.Ticks));
        return (delay, new StartRetryBackoff(Failures + 1));
    }
}
