namespace Wharf.Supervisor.Lifecycle;

internal enum ReadinessResult
{
    Ready,
    Exited,
    TimedOut,
}

/// <summary>Readiness within a time limit: whichever comes first of ready, the exit, or the limit.</summary>
internal static class Readiness
{
    public static async Task<ReadinessResult> WaitAsync(SupervisedProcess process, TimeSpan limit, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        var waited = await Task.WhenAny(process.Ready, process.Exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (waited == process.Ready && process.Ready.IsCompletedSuccessfully) return ReadinessResult.Ready;
        return process.HasExited ? ReadinessResult.Exited : ReadinessResult.TimedOut;
    }
}
