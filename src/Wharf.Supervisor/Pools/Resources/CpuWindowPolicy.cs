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
}

/// <summary>
/// IIS's &lt;cpu&gt;: a budget of CPU time per resetInterval window (limit, in 1/1000 % of all
/// processors, times the processors, times the window). The action fires once, the moment a
/// worker's use in the window passes the budget; a throttle holds until the window ends.
/// </summary>
internal sealed class CpuWindowPolicy(AppPoolCpuConfig cpu, bool canLimitCpu, int processorCount)
{
    private readonly double _cpus = cpu.Limit / 100_000.0 * processorCount;

    private bool Monitoring => cpu.Limit > 0 && cpu.ResetInterval > TimeSpan.Zero;

    public void Observe(string id, TimeSpan used, DateTimeOffset now, CpuWindow window, List<ResourceAction> actions)
    {
        if (!Monitoring) return;
        if (window.Start is not { } start || now - start >= cpu.ResetInterval || used < window.CpuAtStart)
        {
            // A new window; CPU time going backwards (a process of the session left uncounted) starts one too.
            if (window.Limited)
                actions.Add(new(ResourceActionKind.ClearCpuLimits, EventName.CpuLimitReset,
                    $"{id}: the cpu.resetInterval window of {ResourceWords.Duration(cpu.ResetInterval)} ended: the CPU {(cpu.Action == CpuAction.Throttle ? "cap" : "weight")} is lifted"));
            window.Start = now;
            window.CpuAtStart = used;
            window.Acted = false;
            window.Limited = false;
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
            case CpuAction.ThrottleUnderLoad:
                window.Limited = true;
                actions.Add(new(ResourceActionKind.LowerCpuWeight, EventName.CpuLimitExceeded,
                    $"{over} (action throttleUnderLoad: the lowest CPU weight until the window ends, so it runs only when others do not want the CPU)"));
                break;
        }
    }
}
