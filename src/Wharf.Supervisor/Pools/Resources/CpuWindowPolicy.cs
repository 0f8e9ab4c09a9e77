using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>One worker's current cpu.resetInterval window.</summary>
internal sealed class CpuWindow
{
    public DateTimeOffset? Start;
    public TimeSpan CpuAtStart;
    public bool Acted;
    public bool Limited;

    /// <summary>throttleUnderLoad: over its budget, and to be capped the moment the machine is under load.</summary>
    public bool AwaitingLoad;
}

/// <summary>
/// IIS's &lt;cpu&gt;: a budget of CPU time per resetInterval window (limit, in 1/1000 % of all
/// processors, times the processors, times the window). The action fires once, the moment a
/// worker's use in the window passes the budget; a throttle holds until the window ends.
/// throttleUnderLoad caps the same way, but only once processes wait for a CPU
/// (<c>underLoad</c>, <see cref="MachineLoad"/>): over its budget on an idle
/// machine a worker runs on, and is capped at the first sample that finds the machine under load.
/// </summary>
internal sealed class CpuWindowPolicy(AppPoolCpuConfig cpu, bool canLimitCpu, int processorCount, Func<bool> underLoad)
{
    private readonly double _cpus = cpu.Limit / 100_000.0 * processorCount;

    private bool Monitoring => cpu.Limit > 0 && cpu.ResetInterval > TimeSpan.Zero;

    public void Observe(string id, TimeSpan used, DateTimeOffset now, CpuWindow window, List<ResourceAction> actions)
    {
        if (!Monitoring) return;
        // Read every sample, so the machine's load is known over the last second when it matters.
        var loaded = cpu.Action == CpuAction.ThrottleUnderLoad && canLimitCpu && underLoad();
        if (window.Start is not { } start || now - start >= cpu.ResetInterval || used < window.CpuAtStart)
        {
            // A new window; CPU time going backwards (a process of the session left uncounted) starts one too.
            if (window.Limited)
                actions.Add(new(ResourceActionKind.ClearCpuLimits, EventName.CpuLimitReset,
                    $"{id}: the cpu.resetInterval window of {ResourceWords.Duration(cpu.ResetInterval)} ended: the CPU cap is lifted"));
            window.Start = now;
            window.CpuAtStart = used;
            window.Acted = false;
            window.Limited = false;
            window.AwaitingLoad = false;
            return;
        }
        if (window.AwaitingLoad && loaded)
        {
            window.AwaitingLoad = false;
            window.Limited = true;
            actions.Add(new(ResourceActionKind.CapCpu, EventName.CpuLimitExceeded,
                $"{id}: above cpu.limit, and processes now wait for a CPU (action throttleUnderLoad: capped at {_cpus:0.###} CPUs until the window ends)")
            { Amount = _cpus });
            return;
        }
        var inWindow = used - window.CpuAtStart;
        var budget = TimeSpan.FromSeconds(_cpus * cpu.ResetInterval.TotalSeconds);
        if (window.Acted || inWindow <= budget) return;
        window.Acted = true;

        var over = $"{id}: {inWindow.TotalSeconds:0.#} s of CPU in {ResourceWords.Duration(now - start)}, above cpu.limit " +
                   $"{cpu.Limit / 1000.0:0.###} % of {processorCount} processor{(processorCount == 1 ? "" : "s")} " +
                   $"({budget.TotalSeconds:0.#} s per {ResourceWords.Duration(cpu.ResetInterval)})";
        switch (cpu.Action)
        {
            case CpuAction.NoAction:
                actions.Add(new(ResourceActionKind.Log, EventName.CpuLimitExceeded, $"{over} (action noAction: logged only)"));
                break;
            case CpuAction.KillW3wp:
                actions.Add(new(ResourceActionKind.Kill, EventName.CpuLimitExceeded, $"{over} (action killW3wp (kill the worker))"));
                break;
            case CpuAction.Throttle or CpuAction.ThrottleUnderLoad when !canLimitCpu:
                actions.Add(new(ResourceActionKind.Log, EventName.CpuLimitExceeded,
                    $"{over} (action {ResourceWords.Action(cpu.Action)} needs a cgroup, and none can be written on this machine: logged only)"));
                break;
            case CpuAction.Throttle:
                window.Limited = true;
                actions.Add(new(ResourceActionKind.CapCpu, EventName.CpuLimitExceeded,
                    $"{over} (action throttle: capped at {_cpus:0.###} CPUs until the window ends)")
                { Amount = _cpus });
                break;
            case CpuAction.ThrottleUnderLoad when loaded:
                window.Limited = true;
                actions.Add(new(ResourceActionKind.CapCpu, EventName.CpuLimitExceeded,
                    $"{over} (action throttleUnderLoad: processes wait for a CPU, so it is capped at {_cpus:0.###} CPUs until the window ends)")
                { Amount = _cpus });
                break;
            case CpuAction.ThrottleUnderLoad:
                window.AwaitingLoad = true;
                actions.Add(new(ResourceActionKind.Log, EventName.CpuLimitExceeded,
                    $"{over} (action throttleUnderLoad: nothing waits for a CPU, so it runs on; a cap of {_cpus:0.###} CPUs follows if the machine comes under load before the window ends)"));
                break;
        }
    }
}
