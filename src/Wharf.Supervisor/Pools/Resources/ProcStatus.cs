namespace Wharf.Supervisor.Pools.Resources;

/// <summary>The memory lines of /proc/PID/status that the resource watch reads, in bytes.</summary>
internal readonly record struct ProcStatus(long RssAnonBytes, long VmSizeBytes)
{
    public static ProcStatus? Read(string procRoot, int pid)
    {
        var text = CgroupFiles.Read(Path.Combine(procRoot, pid.ToString(), "status"));
        return text is null ? null : Parse(text);
    }

    /// <summary>"RssAnon:\t    1234 kB"; a kernel thread has neither line and counts as 0.</summary>
    public static ProcStatus Parse(string status)
    {
        long rssAnon = 0, vmSize = 0;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) rssAnon = Kilobytes(line);
            else if (line.StartsWith("VmSize:", StringComparison.Ordinal)) vmSize = Kilobytes(line);
        }
        return new ProcStatus(rssAnon, vmSize);
    }

    private static long Kilobytes(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], out var kb) ? kb * 1024 : 0;
    }
}
