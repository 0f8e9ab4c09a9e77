namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Whether processes on this machine wait for a CPU: what cpu.action throttleUnderLoad waits for
/// before it caps a worker. A CPU weight cannot tell it: a cgroup's weight counts only against its
/// siblings (the pool's other workers), never against other pools or the rest of the machine.
/// Read from PSI (/proc/pressure/cpu, "some": the time at least one runnable task waited) where the
/// kernel offers it, else from /proc/stat (hardly any idle time left), over the time since the
/// previous reading; one reading a second at most, shared by every pool.
/// </summary>
internal sealed class MachineLoad(Func<string?> readPressure, Func<string?> readStat, TimeProvider time)
{
    /// <summary>Some task waited at least this share of the time: the CPUs are wanted by more than they can run.</summary>
    public const double PressureShare = 0.10;

    /// <summary>Without PSI: less than this share of all CPUs' time was idle.</summary>
    public const double IdleShare = 0.05;

    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(900);

    private readonly Lock _lock = new();
    private Reading? _last;
    private bool _underLoad;

    public static MachineLoad System { get; } =
        new(() => CgroupFiles.Read("/proc/pressure/cpu"), () => CgroupFiles.Read("/proc/stat"), TimeProvider.System);

    /// <summary>The verdict over the last interval; false until two readings exist.</summary>
    public bool UnderLoad()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < MinInterval) return _underLoad;
            var next = new Reading(now, PressureMicroseconds(readPressure()), IdleAndTotal(readStat()));
            if (_last is { } previous) _underLoad = Judge(previous, next);
            _last = next;
            return _underLoad;
        }
    }

    private static bool Judge(Reading previous, Reading next)
    {
        if (previous.Pressure is { } p0 && next.Pressure is { } p1)
        {
            var elapsed = (next.At - previous.At).TotalMicroseconds;
            return elapsed > 0 && (p1 - p0) / elapsed >= PressureShare;
        }
        if (previous.Jiffies is { } j0 && next.Jiffies is { } j1 && j1.Total > j0.Total)
            return (double)(j1.Idle - j0.Idle) / (j1.Total - j0.Total) < IdleShare;
        return false;
    }

    /// <summary>"some avg10=1.00 avg60=0.50 avg300=0.10 total=123456": the total, in microseconds.</summary>
    public static long? PressureMicroseconds(string? pressure)
    {
        var some = pressure?.Split('\n').FirstOrDefault(l => l.StartsWith("some ", StringComparison.Ordinal));
        var total = some?.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal));
        return total is not null && long.TryParse(total["total=".Length..], out var us) ? us : null;
    }

    /// <summary>
    /// The first line of /proc/stat, "cpu user nice system idle iowait irq softirq steal guest
    /// guest_nice", in clock ticks: idle and iowait are idle; guest time is already in user and nice.
    /// </summary>
    public static (long Idle, long Total)? IdleAndTotal(string? stat)
    {
        var line = stat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null) return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).ToArray();
        var ticks = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
            if (!long.TryParse(fields[i], out ticks[i])) return null;
        return ticks.Length < 5 ? null : (ticks[3] + ticks[4], ticks.Sum());
    }

    private readonly record struct Reading(DateTimeOffset At, long? Pressure, (long Idle, long Total)? Jiffies);
}
