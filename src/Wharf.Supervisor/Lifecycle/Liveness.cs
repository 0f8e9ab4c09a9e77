namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// Liveness: every <c>interval</c>, a process that has not been heard from for
/// <c>interval × missedLimit</c> is hung; otherwise it is probed. A service's probe sends a ping
/// (its pong is what is heard); a pool worker's probe can be nothing at all, with www's
/// "healthy" reports calling <see cref="SupervisedProcess.Heard"/>. A process asked to stop
/// is not watched: its deadline guards it instead.
/// </summary>
internal static class Liveness
{
    /// <returns>How long it was silent when found hung; null once it exited or was asked to stop.</returns>
    public static async Task<TimeSpan?> WatchAsync(SupervisedProcess process, TimeSpan interval, int missedLimit, Func<long, Task> probe, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        long seq = 0;
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false) && !process.HasExited)
        {
            if (process.StopRequested) return null;
            var silent = time.GetUtcNow() - process.LastHeard;
            if (silent > interval * missedLimit) return silent;
            await probe(++seq).ConfigureAwait(false);
        }
        return null;
    }
}
