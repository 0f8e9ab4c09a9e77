using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// The CPU and memory policy of one pool, pure: fed each worker's sample about every second with
/// the time, it says what to do (<see cref="ResourceAction"/>), each thing once, never every second.
/// The runner makes a new one when the pool's configuration changes, and calls it from one place
/// (its sampling tick): it is not thread-safe.
/// </summary>
/// <param name="canLimitCpu">Workers have cgroups (v2 or v1): a CPU cap and a CPU weight can be set.</param>
/// <param name="canThrottleMemory">cgroup v2's memory.high exists.</param>
/// <param name="processorCount">IIS's cpu.limit is a share of all processors.</param>
/// <param name="underLoad">Processes wait for a CPU (cpu.action throttleUnderLoad); never, when not given.</param>
internal sealed class ResourceWatch(AppPoolConfig pool, bool canLimitCpu, bool canThrottleMemory, int processorCount, Func<bool>? underLoad = null)
{
    private readonly Dictionary<string, WorkerWatch> _workers = new(StringComparer.Ordinal);
    private readonly CpuWindowPolicy _cpu = new(pool.Cpu, canLimitCpu, processorCount, underLoad ?? (() => false));

    public static ResourceWatch For(AppPoolConfig pool, IWorkerCgroups cgroups) =>
        new(pool, cgroups.Available, cgroups.CanThrottleMemory, Environment.ProcessorCount, MachineLoad.System.UnderLoad);

    public IReadOnlyList<ResourceAction> Observe(string workerId, ResourceSample sample, DateTimeOffset now)
    {
        if (!_workers.TryGetValue(workerId, out var worker)) _workers[workerId] = worker = new WorkerWatch();
        if (worker.Killed) return [];
        var actions = new List<ResourceAction>();
        PeriodicRestart(workerId, sample, actions);
        MemoryLimit(workerId, sample, worker, actions);
        _cpu.Observe(workerId, sample.CpuTime, now, worker.Cpu, actions);
        // One recycle per worker, whichever trigger comes first; after a kill nothing else applies.
        var result = new List<ResourceAction>(actions.Count);
        foreach (var action in actions)
        {
            if (action.Kind == ResourceActionKind.Recycle)
            {
                if (worker.Recycled) continue;
                worker.Recycled = true;
            }
            result.Add(action);
        }
        if (result.Any(a => a.Kind == ResourceActionKind.Kill))
        {
            worker.Killed = true;
            result.RemoveAll(a => a.Kind == ResourceActionKind.Recycle);
        }
        return result;
    }

    /// <summary>The worker has ended; a worker id is never reused while the supervisor runs.</summary>
    public void Forget(string workerId) => _workers.Remove(workerId);

    private void PeriodicRestart(string id, ResourceSample sample, List<ResourceAction> actions)
    {
        var restart = pool.Recycling.PeriodicRestart;
        if (restart.PrivateMemory > 0 && sample.PrivateMemoryBytes > restart.PrivateMemory * 1024)
            actions.Add(new ResourceAction(ResourceActionKind.Recycle, EventName.WorkerRecycled,
                $"{id}: private memory {ResourceWords.Size(sample.PrivateMemoryBytes)} is above periodicRestart.privateMemory {ResourceWords.Size(restart.PrivateMemory * 1024)}")
            { Reason = RecycleReason.PrivateMemory });
        if (restart.Memory > 0 && sample.VirtualMemoryBytes > restart.Memory * 1024)
            actions.Add(new ResourceAction(ResourceActionKind.Recycle, EventName.WorkerRecycled,
                $"{id}: virtual memory {ResourceWords.Size(sample.VirtualMemoryBytes)} is above periodicRestart.memory {ResourceWords.Size(restart.Memory * 1024)} " +
                "(a virtual-memory limit is useless for .NET, which reserves about 256 GB of address space at start: use privateMemory)")
            { Reason = RecycleReason.Memory });
    }

    private void MemoryLimit(string id, ResourceSample sample, WorkerWatch worker, List<ResourceAction> actions)
    {
        var limit = pool.Memory.Limit * 1024;
        if (limit <= 0) return;
        if (sample.PrivateMemoryBytes <= limit)
        {
            // Logged once per crossing: below the limit again, the next crossing is news.
            worker.MemoryLogged = false;
            return;
        }
        var over = $"{id}: private memory {ResourceWords.Size(sample.PrivateMemoryBytes)} is above memory.limit {ResourceWords.Size(limit)}";
        switch (pool.Memory.Action)
        {
            case MemoryAction.NoAction when !worker.MemoryLogged:
                worker.MemoryLogged = true;
                actions.Add(new(ResourceActionKind.Log, EventName.MemoryLimitExceeded, $"{over} (action noAction: logged only)"));
                break;
            case MemoryAction.Recycle when !worker.Recycled:
                actions.Add(new(ResourceActionKind.Recycle, EventName.MemoryLimitExceeded, $"{over} (action recycle: the worker is recycled)")
                { Reason = RecycleReason.PrivateMemory });
                break;
            case MemoryAction.Kill:
                actions.Add(new(ResourceActionKind.Kill, EventName.MemoryLimitExceeded, $"{over} (action kill: the worker is killed)"));
                break;
            case MemoryAction.Throttle when canThrottleMemory && !worker.MemoryHighSet:
                worker.MemoryHighSet = true;
                actions.Add(new(ResourceActionKind.MemoryHigh, EventName.MemoryLimitExceeded,
                    $"{over} (action throttle: memory.high is set to {ResourceWords.Size(limit)}; the kernel reclaims and slows the worker)")
                { Amount = limit });
                break;
            case MemoryAction.Throttle when !canThrottleMemory && !worker.Recycled:
                actions.Add(new(ResourceActionKind.Recycle, EventName.MemoryLimitExceeded,
                    $"{over} (action throttle needs cgroup v2's memory.high, which this machine does not offer: the worker is recycled instead)")
                { Reason = RecycleReason.PrivateMemory });
                break;
        }
    }

    private sealed class WorkerWatch
    {
        public bool Recycled;
        public bool Killed;
        public bool MemoryLogged;
        public bool MemoryHighSet;
        public CpuWindow Cpu { get; } = new();
    }
}
