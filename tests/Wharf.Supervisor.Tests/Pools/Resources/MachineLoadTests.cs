using Microsoft.Extensions.Time.Testing;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Tests.Pools.Resources;

public sealed class MachineLoadTests
{
    private readonly FakeTimeProvider _time = new();

    private static string Pressure(long totalUs) =>
        $"some avg10=0.00 avg60=0.00 avg300=0.00 total={totalUs}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

    // user nice system idle iowait irq softirq steal guest guest_nice
    private static string Stat(long busy, long idle) => $"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2\n";

    [Fact]
    public void Reads_the_some_total_of_psi_and_the_idle_and_total_ticks_of_proc_stat()
    {
        Assert.Equal(15241379963, MachineLoad.PressureMicroseconds("some avg10=98.44 avg60=98.66 avg300=91.62 total=15241379963\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"));
        Assert.Null(MachineLoad.PressureMicroseconds(null));
        Assert.Null(MachineLoad.PressureMicroseconds("full avg10=0.00 total=5\n"));
        // Guest time is already in user: only the first eight columns count.
        Assert.Equal((918375L + 5922, 3137727L + 5172 + 533949 + 918375 + 5922 + 0 + 55698 + 11343),
            MachineLoad.IdleAndTotal("cpu  3137727 5172 533949 918375 5922 0 55698 11343 999 999\ncpu0 1 1 1 1 1 1 1 1 0 0\n"));
        Assert.Null(MachineLoad.IdleAndTotal("intr 1 2 3\n"));
    }

    [Fact]
    public void Psi_decides_some_task_waiting_a_tenth_of_the_time_is_load()
    {
        long total = 0;
        var load = new MachineLoad(() => Pressure(total), () => Stat(0, 0), _time);

        Assert.False(load.UnderLoad()); // one reading: nothing to compare yet
        _time.Advance(TimeSpan.FromSeconds(1));
        total += 50_000; // 5 % of the second
        Assert.False(load.UnderLoad());
        _time.Advance(TimeSpan.FromSeconds(1));
        total += 300_000; // 30 %
        Assert.True(load.UnderLoad());
        // Within the same second the verdict is kept, not re-read over a sliver of time.
        total += 1;
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(load.UnderLoad());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(load.UnderLoad());
    }

    [Fact]
    public void Without_psi_hardly_any_idle_time_is_load()
    {
        long busy = 0, idle = 0;
        var load = new MachineLoad(() => null, () => Stat(busy, idle), _time);

        Assert.False(load.UnderLoad());
        _time.Advance(TimeSpan.FromSeconds(1));
        (busy, idle) = (busy + 100, idle + 100); // half idle
        Assert.False(load.UnderLoad());
        _time.Advance(TimeSpan.FromSeconds(1));
        (busy, idle) = (busy + 199, idle + 1); // 0.5 % idle
        Assert.True(load.UnderLoad());
    }
}
