using Microsoft.Extensions.Time.Testing;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// A fake clock whose next readings can be made a meeting point: armed for N readers, each of
/// the next N readings waits until all N have arrived (or <see cref="MeetWithin"/> passed), so
/// that N threads are inside the same stretch of code at once, as a web garden's side-by-side
/// starts can be, instead of one after the other as a test would otherwise run them.
/// </summary>
internal sealed class RendezvousClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Long enough for a loaded machine to schedule the other reader; only code that reads the clock under a lock waits it out.</summary>
    public static readonly TimeSpan MeetWithin = TimeSpan.FromSeconds(5);

    private readonly ManualResetEventSlim _allArrived = new(false);
    private int _expected;
    private int _arrived;

    public void Arm(int readers)
    {
        _allArrived.Reset();
        Volatile.Write(ref _arrived, 0);
        Volatile.Write(ref _expected, readers);
    }

    public override DateTimeOffset GetUtcNow()
    {
        var expected = Volatile.Read(ref _expected);
        if (expected > 0)
        {
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived == expected)
            {
                Volatile.Write(ref _expected, 0);
                _allArrived.Set();
            }
            else if (arrived < expected)
            {
                _allArrived.Wait(MeetWithin);
            }
        }
        return base.GetUtcNow();
    }
}
