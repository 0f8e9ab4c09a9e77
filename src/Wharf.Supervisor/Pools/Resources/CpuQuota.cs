namespace Wharf.Supervisor.Pools.Resources;

internal static class CpuQuota
{
    /// <summary>The kernel refuses a quota under 1 ms; a cap that small is a stop, which is not what a throttle means.</summary>
    public const long MinimumMicroseconds = 1000;

    public static long Microseconds(double cpus, int periodMicroseconds) =>
        Math.Max(MinimumMicroseconds, (long)Math.Round(cpus * periodMicroseconds));
}
