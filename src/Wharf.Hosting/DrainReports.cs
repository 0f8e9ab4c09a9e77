using Wharf.Hosting.Control;

namespace Wharf.Hosting;

/// <summary>
/// While a service drains, tells the supervisor what it still holds every <see cref="Interval"/>
/// (the <c>stopping</c> answer carried the first report), until the drain ends. The supervisor keeps the last report, so a
/// process that hangs mid-drain is still named with what it held when it is killed.
/// </summary>
internal static class DrainReports
{
    /// <summary>The age a report can have at a kill: the supervisor says "as of N s before the kill" beyond it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(Func<ControlMessage, Task> send, IWharfService service, Task drained, TimeProvider time)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (!drained.IsCompleted)
        {
            var tick = timer.WaitForNextTickAsync().AsTask();
            if (await Task.WhenAny(tick, drained).ConfigureAwait(false) == drained) return;
            // A drain that ended between the tick and here has nothing more to report.
            if (drained.IsCompleted) return;
            HoldingReport holding;
            try
            {
                holding = service.Holding();
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                return;
            }
            await send(new ControlMessage { Type = ControlMessageType.Holding, Connections = holding.Connections, Holding = holding }).ConfigureAwait(false);
        }
    }
}
