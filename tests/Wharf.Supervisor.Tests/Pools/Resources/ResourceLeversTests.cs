using Wharf.Hosting.Control;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Tests.Pools.Resources;

public sealed class ResourceLeversTests
{
    private sealed class RecordingCgroup(bool memoryHigh) : IWorkerCgroup
    {
        public List<string> Calls { get; } = [];
        public string WorkerId => "shop#1";
        public IReadOnlyList<string> JoinPaths => [];
        public ResourceSample Sample() => default;
        public bool Freeze() => true;
        public bool Thaw() => true;
        public void CapCpu(double cpus) => Calls.Add($"cap {cpus}");
        public void LowerCpuWeight() => Calls.Add("weight");
        public void ClearCpuLimits() => Calls.Add("clear");
        public bool SetMemoryHigh(long bytes) { Calls.Add($"high {bytes}"); return memoryHigh; }
        public void KillAll() => Calls.Add("kill");
        public void Remove() => Calls.Add("remove");
    }

    private static ResourceAction Action(ResourceActionKind kind, double amount = 0) =>
        new(kind, EventName.CpuLimitExceeded, "detail") { Amount = amount };

    [Fact]
    public void Cgroup_levers_are_applied_and_the_rest_is_left_to_the_runner()
    {
        var cgroup = new RecordingCgroup(memoryHigh: true);

        Assert.True(ResourceLevers.Apply(Action(ResourceActionKind.CapCpu, 1.5), cgroup));
        Assert.True(ResourceLevers.Apply(Action(ResourceActionKind.LowerCpuWeight), cgroup));
        Assert.True(ResourceLevers.Apply(Action(ResourceActionKind.ClearCpuLimits), cgroup));
        Assert.True(ResourceLevers.Apply(Action(ResourceActionKind.MemoryHigh, 1 << 20), cgroup));
        foreach (var kind in new[] { ResourceActionKind.Log, ResourceActionKind.Recycle, ResourceActionKind.Kill })
            Assert.False(ResourceLevers.Apply(Action(kind), cgroup));

        Assert.Equal(["cap 1.5", "weight", "clear", "high 1048576"], cgroup.Calls);
    }

    [Fact]
    public void Without_a_cgroup_or_when_memory_high_is_refused_nothing_is_applied()
    {
        Assert.False(ResourceLevers.Apply(Action(ResourceActionKind.CapCpu, 1), null));
        Assert.False(ResourceLevers.Apply(Action(ResourceActionKind.MemoryHigh, 1), new RecordingCgroup(memoryHigh: false)));
    }
}
