using Microsoft.Extensions.Time.Testing;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// A fake clock that says when a one-shot timer (a Task.Delay) is armed and for how long, so a
/// test advances it only once what it waits for is armed, instead of racing the code that arms it.
/// </summary>
internal sealed class DelayWatchClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Each one-shot timer's due time, in the order they were armed; periodic timers (the resource watch's) are left out.</summary>
    public Observed<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan) Delays.Add(dueTime);
        return timer;
    }
}
