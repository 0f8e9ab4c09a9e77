using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// The web garden's slots, 0 to maxProcesses-1: a slot holds at most one worker that is not
/// leaving, a recycle's replacement takes its old worker's slot, and filling the garden starts
/// a worker in each free slot, side by side.
/// </summary>
internal sealed class PoolGarden(PoolRunner runner)
{
    private int Size => Math.Max(1, runner.Config.ProcessModel.MaxProcesses);

    /// <summary>Slots with no worker that runs and is not leaving.</summary>
    public int[] FreeSlots()
    {
        var taken = runner.Workers().Where(w => !w.Leaving && !w.Process.HasExited).Select(w => w.Slot).ToHashSet();
        return Enumerable.Range(0, Size).Where(s => !taken.Contains(s)).ToArray();
    }

    /// <summary>Brings the garden up to maxProcesses workers, side by side. Under the operation lock.</summary>
    public async Task<PoolOutcome> FillAsync(string why)
    {
        if (!runner.Runnable) return PoolOutcome.Success($"not started: {Describe(runner.RouteState)}");
        var free = FreeSlots();
        if (free.Length == 0) return PoolOutcome.Success("already running");
        var started = await Task.WhenAll(free.Select(slot => runner.StartWorkerAsync(slot, replacement: false, why)));
        var ok = started.Count(w => w is not null);
        return ok == free.Length ? PoolOutcome.Success($"started {ok} worker(s)")
            : PoolOutcome.Failure($"{free.Length - ok} of {free.Length} worker(s) could not start: {runner.Message}");
    }

    /// <summary>The slot an adopted worker takes: the first that no worker holds.</summary>
    public int SlotForAdopted() => Enumerable.Range(0, Size).FirstOrDefault(s => runner.Workers().All(w => w.Slot != s));

    private static string Describe(PoolRouteState state) => state switch
    {
        PoolRouteState.Stopped => "the pool is stopped",
        PoolRouteState.RapidFailed => "rapid-fail protection stopped the pool",
        _ => "the pool is offline (app_offline.htm)",
    };
}
