namespace Wharf.Supervisor.Pools.Resources;

/// <summary>IIS's smpProcessorAffinityMask as Linux CPU numbers, for the launch step's sched_setaffinity.</summary>
internal static class CpuAffinity
{
    /// <summary>
    /// Bit N lets a worker run on CPU N, among the machine's <paramref name="processorCount"/>
    /// (bits past them are ignored, as IIS ignores them). Null when no CPU is left: the mask would
    /// stop the worker, so it is not applied (validation should refuse it first).
    /// </summary>
    public static IReadOnlyList<int>? Cpus(long mask, int processorCount)
    {
        var cpus = new List<int>();
        for (var cpu = 0; cpu < Math.Min(processorCount, 64); cpu++)
            if ((mask & (1L << cpu)) != 0) cpus.Add(cpu);
        return cpus.Count > 0 ? cpus : null;
    }

    /// <summary>cpuset's list form, "0,2-3", for events and `wharf apppool show`.</summary>
    public static string Format(IReadOnlyList<int> cpus)
    {
        var parts = new List<string>();
        for (var i = 0; i < cpus.Count;)
        {
            var j = i;
            while (j + 1 < cpus.Count && cpus[j + 1] == cpus[j] + 1) j++;
            parts.Add(i == j ? $"{cpus[i]}" : $"{cpus[i]}-{cpus[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
