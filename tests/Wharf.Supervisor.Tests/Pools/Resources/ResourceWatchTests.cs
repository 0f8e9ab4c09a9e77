using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Tests.Pools.Resources;

public sealed class ResourceWatchTests
{
    private const long MB = 1024 * 1024;
    private readonly FakeTimeProvider _time = new();

    private static AppPoolConfig Pool(
        long privateMemoryKb = 0, long virtualKb = 0, long memoryLimitKb = 0, MemoryAction memoryAction = MemoryAction.Recycle,
        long cpuLimit = 0, CpuAction cpuAction = CpuAction.NoAction, TimeSpan? resetInterval = null) => new()
        {
            Name = "shop",
            Recycling = new() { PeriodicRestart = new() { PrivateMemory = privateMemoryKb, Memory = virtualKb } },
            Memory = new() { Limit = memoryLimitKb, Action = memoryAction },
            Cpu = new() { Limit = cpuLimit, Action = cpuAction, ResetInterval = resetInterval ?? TimeSpan.FromMinutes(1) },
        };

    private IReadOnlyList<ResourceAction> Tick(ResourceWatch watch, long memoryBytes, double cpuSeconds = 0, long virtualBytes = 0, string id = "shop#1")
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return watch.Observe(id, new ResourceSample(memoryBytes, TimeSpan.FromSeconds(cpuSeconds)) { VirtualMemoryBytes = virtualBytes }, _time.GetUtcNow());
    }

    [Fact]
    public void Private_memory_above_periodicRestart_recycles_once_with_its_reason()
    {
        var watch = new ResourceWatch(Pool(privateMemoryKb: 100 * 1024), true, true, 2);
        Assert.Empty(Tick(watch, 99 * MB));
        var action = Assert.Single(Tick(watch, 101 * MB));
        Assert.Equal(ResourceActionKind.Recycle, action.Kind);
        Assert.Equal(RecycleReason.PrivateMemory, action.Reason);
        Assert.Equal(EventName.WorkerRecycled, action.Event);
        Assert.Contains("101 MB", action.Detail);
        Assert.Contains("periodicRestart.privateMemory 100 MB", action.Detail);
        Assert.Empty(Tick(watch, 120 * MB));
        Assert.Empty(Tick(watch, 130 * MB));
    }

    [Fact]
    public void Each_worker_is_recycled_for_itself_and_a_forgotten_id_starts_afresh()
    {
        var watch = new ResourceWatch(Pool(privateMemoryKb: 1024), true, true, 2);
        Assert.Single(Tick(watch, 2 * MB, id: "shop#1"));
        Assert.Single(Tick(watch, 2 * MB, id: "shop#2"));
        watch.Forget("shop#1");
        Assert.Single(Tick(watch, 2 * MB, id: "shop#1"));
    }

    [Fact]
    public void Virtual_memory_above_periodicRestart_memory_recycles_with_reason_memory_and_says_it_is_useless_for_dotnet()
    {
        var watch = new ResourceWatch(Pool(virtualKb: 1024 * 1024), true, true, 2);
        Assert.Empty(Tick(watch, MB, virtualBytes: 1000 * MB));
        var action = Assert.Single(Tick(watch, MB, virtualBytes: 2000 * MB));
        Assert.Equal((ResourceActionKind.Recycle, RecycleReason.Memory), (action.Kind, action.Reason));
        Assert.Contains("256 GB", action.Detail);
    }

    [Fact]
    public void Memory_limit_with_noAction_logs_once_per_crossing()
    {
        var watch = new ResourceWatch(Pool(memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.NoAction), true, true, 2);
        var first = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal((ResourceActionKind.Log, EventName.MemoryLimitExceeded), (first.Kind, first.Event));
        Assert.Contains("noAction", first.Detail);
        Assert.Empty(Tick(watch, 12 * MB));
        Assert.Empty(Tick(watch, 9 * MB));
        Assert.Single(Tick(watch, 11 * MB));
    }

    [Fact]
    public void Memory_limit_with_recycle_recycles_once()
    {
        var watch = new ResourceWatch(Pool(memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.Recycle), true, true, 2);
        var action = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal((ResourceActionKind.Recycle, EventName.MemoryLimitExceeded, RecycleReason.PrivateMemory), (action.Kind, action.Event, action.Reason));
        Assert.Empty(Tick(watch, 9 * MB));
        Assert.Empty(Tick(watch, 11 * MB));
    }

    [Fact]
    public void Memory_limit_with_kill_kills_and_then_says_nothing_more()
    {
        var watch = new ResourceWatch(Pool(privateMemoryKb: 5 * 1024, memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.Kill), true, true, 2);
        var action = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal((ResourceActionKind.Kill, EventName.MemoryLimitExceeded), (action.Kind, action.Event));
        Assert.Contains("action kill", action.Detail);
        Assert.Empty(Tick(watch, 20 * MB));
    }

    [Fact]
    public void Memory_limit_with_throttle_sets_memory_high_once_on_cgroup_v2()
    {
        var watch = new ResourceWatch(Pool(memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.Throttle), true, canThrottleMemory: true, 2);
        var action = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal((ResourceActionKind.MemoryHigh, 10.0 * MB), (action.Kind, action.Amount));
        Assert.Empty(Tick(watch, 9 * MB));
        Assert.Empty(Tick(watch, 11 * MB));
    }

    [Fact]
    public void Memory_limit_with_throttle_recycles_instead_where_there_is_no_memory_high_and_says_why()
    {
        var watch = new ResourceWatch(Pool(memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.Throttle), true, canThrottleMemory: false, 2);
        var action = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal((ResourceActionKind.Recycle, RecycleReason.PrivateMemory), (action.Kind, action.Reason));
        Assert.Contains("memory.high", action.Detail);
        Assert.Contains("recycled instead", action.Detail);
        Assert.Empty(Tick(watch, 12 * MB));
    }

    [Fact]
    public void Two_memory_triggers_in_one_sample_give_one_recycle()
    {
        var watch = new ResourceWatch(Pool(privateMemoryKb: 5 * 1024, memoryLimitKb: 10 * 1024, memoryAction: MemoryAction.Recycle), true, true, 2);
        var action = Assert.Single(Tick(watch, 11 * MB));
        Assert.Equal(RecycleReason.PrivateMemory, action.Reason);
    }

    // 50 % of 2 processors over a 60 s window: a budget of 60 CPU-seconds.
    private ResourceWatch Cpu(CpuAction action, bool canLimitCpu = true, Func<bool>? underLoad = null) =>
        new(Pool(cpuLimit: 50_000, cpuAction: action), canLimitCpu, true, processorCount: 2, underLoad);

    [Fact]
    public void Cpu_within_its_budget_does_nothing_and_above_it_noAction_logs_once_per_window()
    {
        var watch = Cpu(CpuAction.NoAction);
        Assert.Empty(Tick(watch, MB, cpuSeconds: 0));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 59));
        var action = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal((ResourceActionKind.Log, EventName.CpuLimitExceeded), (action.Kind, action.Event));
        Assert.Contains("61 s of CPU", action.Detail);
        Assert.Contains("50 % of 2 processors", action.Detail);
        Assert.Empty(Tick(watch, MB, cpuSeconds: 70));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 80)); // a new window starts here
        Assert.Single(Tick(watch, MB, cpuSeconds: 141));
    }

    [Fact]
    public void Cpu_killW3wp_kills_in_its_own_words_too()
    {
        var watch = Cpu(CpuAction.KillW3wp);
        Tick(watch, MB, cpuSeconds: 0);
        var action = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal(ResourceActionKind.Kill, action.Kind);
        Assert.Contains("killW3wp (kill the worker)", action.Detail);
        Assert.Empty(Tick(watch, MB, cpuSeconds: 200));
    }

    [Fact]
    public void Cpu_throttle_caps_at_the_limit_until_the_window_ends_then_clears()
    {
        var watch = Cpu(CpuAction.Throttle);
        Tick(watch, MB, cpuSeconds: 0);
        var cap = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal((ResourceActionKind.CapCpu, 1.0), (cap.Kind, cap.Amount));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 62));

        _time.Advance(TimeSpan.FromSeconds(57));
        var clear = Assert.Single(Tick(watch, MB, cpuSeconds: 63));
        Assert.Equal((ResourceActionKind.ClearCpuLimits, EventName.CpuLimitReset), (clear.Kind, clear.Event));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 64));
    }

    [Fact]
    public void Cpu_throttleUnderLoad_caps_at_the_limit_at_once_when_the_machine_is_under_load_until_the_window_ends()
    {
        var watch = Cpu(CpuAction.ThrottleUnderLoad, underLoad: () => true);
        Tick(watch, MB, cpuSeconds: 0);
        var cap = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal((ResourceActionKind.CapCpu, 1.0, EventName.CpuLimitExceeded), (cap.Kind, cap.Amount, cap.Event));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 62));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ResourceActionKind.ClearCpuLimits, Assert.Single(Tick(watch, MB, cpuSeconds: 63)).Kind);
    }

    [Fact]
    public void Cpu_throttleUnderLoad_lets_the_worker_run_on_an_idle_machine_and_caps_it_once_load_comes_within_the_window()
    {
        var loaded = false;
        var watch = Cpu(CpuAction.ThrottleUnderLoad, underLoad: () => loaded);
        Tick(watch, MB, cpuSeconds: 0);

        var over = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal((ResourceActionKind.Log, EventName.CpuLimitExceeded), (over.Kind, over.Event));
        Assert.Contains("nothing waits for a CPU", over.Detail);
        Assert.Empty(Tick(watch, MB, cpuSeconds: 62));

        loaded = true;
        var cap = Assert.Single(Tick(watch, MB, cpuSeconds: 63));
        Assert.Equal((ResourceActionKind.CapCpu, 1.0), (cap.Kind, cap.Amount));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 64));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ResourceActionKind.ClearCpuLimits, Assert.Single(Tick(watch, MB, cpuSeconds: 65)).Kind);
    }

    [Fact]
    public void Cpu_throttleUnderLoad_on_an_idle_machine_caps_nothing_so_the_window_end_lifts_nothing()
    {
        var watch = Cpu(CpuAction.ThrottleUnderLoad, underLoad: () => false);
        Tick(watch, MB, cpuSeconds: 0);
        Assert.Equal(ResourceActionKind.Log, Assert.Single(Tick(watch, MB, cpuSeconds: 61)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 62));
    }

    [Fact]
    public void Cpu_throttle_without_cgroups_logs_and_says_it_cannot()
    {
        var watch = Cpu(CpuAction.Throttle, canLimitCpu: false);
        Tick(watch, MB, cpuSeconds: 0);
        var action = Assert.Single(Tick(watch, MB, cpuSeconds: 61));
        Assert.Equal(ResourceActionKind.Log, action.Kind);
        Assert.Contains("throttle needs a cgroup", action.Detail);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 62)); // nothing was capped, so nothing is cleared
    }

    [Fact]
    public void Cpu_monitoring_is_off_with_a_zero_limit_or_a_zero_reset_interval()
    {
        var noLimit = new ResourceWatch(Pool(cpuLimit: 0, cpuAction: CpuAction.KillW3wp), true, true, 2);
        var noWindow = new ResourceWatch(Pool(cpuLimit: 1000, cpuAction: CpuAction.KillW3wp, resetInterval: TimeSpan.Zero), true, true, 2);
        foreach (var watch in new[] { noLimit, noWindow })
        {
            Assert.Empty(Tick(watch, MB, cpuSeconds: 0));
            Assert.Empty(Tick(watch, MB, cpuSeconds: 1000));
        }
    }

    [Fact]
    public void Cpu_time_going_backwards_starts_a_new_window_instead_of_a_negative_use()
    {
        var watch = Cpu(CpuAction.NoAction);
        Tick(watch, MB, cpuSeconds: 100);
        Assert.Empty(Tick(watch, MB, cpuSeconds: 10));
        Assert.Empty(Tick(watch, MB, cpuSeconds: 69));
        Assert.Single(Tick(watch, MB, cpuSeconds: 71));
    }

    [Fact]
    public void Cpu_kill_and_memory_recycle_in_one_sample_give_the_kill_alone()
    {
        var watch = new ResourceWatch(Pool(privateMemoryKb: 1024, cpuLimit: 50_000, cpuAction: CpuAction.KillW3wp), true, true, 2);
        Tick(watch, 0, cpuSeconds: 0);
        var action = Assert.Single(Tick(watch, 2 * MB, cpuSeconds: 61));
        Assert.Equal(ResourceActionKind.Kill, action.Kind);
    }
}
