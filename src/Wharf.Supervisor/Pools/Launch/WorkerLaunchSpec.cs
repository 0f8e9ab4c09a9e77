using Wharf.Config.Model;
using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>What the launch step does for one worker (a pure function of the pool and what was prepared for it).</summary>
internal static class WorkerLaunchSpec
{
    /// <summary>The socket the worker makes is group-writable (www connects by the group), and nothing it makes is other's.</summary>
    public const int Umask = 0b000_000_111;

    /// <summary>Handed sockets start where systemd's do (SD_LISTEN_FDS_START).</summary>
    public const int FirstHandedDescriptor = 3;

    /// <summary>
    /// The supervisor's own hard limit on open files: a worker's is never set above it. Raising a
    /// hard limit needs CAP_SYS_RESOURCE, which containers often withhold even from root, and a
    /// worker that cannot start over a limit is worse than one with the machine's ceiling.
    /// </summary>
    private static readonly Lazy<ulong> OpenFilesCeiling = new(() =>
        Hosting.Native.Libc.getrlimit(Rlimits.Number("nofile")!.Value, out var limit) == 0 ? limit.Maximum : Rlimits.Infinity);

    /// <param name="account">Null: the supervisor's own account (it is not root).</param>
    /// <param name="stdio">The supervisor's descriptors that become the worker's 0, 1 and 2 (/dev/null and its two log pipes); null keeps the launch step's own.</param>
    public static LaunchSpec Build(AppPoolConfig pool, string? defaultWorkingDirectory, IReadOnlyDictionary<string, string> environment,
        UnixAccount? account, IReadOnlyList<string> cgroups, IReadOnlyList<HandedSocket> handed, (int In, int Out, int Err)? stdio = null)
    {
        var program = pool.Program ?? throw new WorkerLaunchException($"pool {pool.Name} has no program: www serves its applications itself");
        if (!Path.IsPathFullyQualified(program.Command))
            throw new WorkerLaunchException($"pool {pool.Name}'s program.command \"{program.Command}\" is not an absolute path; a worker's program is never searched for in PATH");
        var folder = program.WorkingDirectory ?? defaultWorkingDirectory ?? "/";
        if (!Path.IsPathFullyQualified(folder))
            throw new WorkerLaunchException($"pool {pool.Name}'s working directory \"{folder}\" is not an absolute path");
        if (program.OpenFilesLimit < 1)
            throw new WorkerLaunchException($"pool {pool.Name}'s program.openFilesLimit {program.OpenFilesLimit} leaves a worker no descriptor");
        var files = Math.Min((ulong)program.OpenFilesLimit, OpenFilesCeiling.Value);
        return new LaunchSpec
        {
            Program = program.Command,
            Arguments = program.Arguments,
            Environment = environment,
            WorkingDirectory = folder,
            Isolation = LaunchIsolation.Session,
            Cgroups = cgroups,
            // No core files: a worker's memory holds its requests, and its folder may be anyone's.
            Rlimits = [new LaunchRlimit("nofile", files, files), new LaunchRlimit("core", 0, 0)],
            Account = account is null ? null : new LaunchAccount(account.Uid, account.Gid, [.. account.GroupIds]),
            Descriptors =
            [
                .. stdio is { } io ? new[] { new LaunchDescriptor(io.In, 0), new LaunchDescriptor(io.Out, 1), new LaunchDescriptor(io.Err, 2) } : [],
                .. handed.Select((h, i) => new LaunchDescriptor(h.Fd, FirstHandedDescriptor + i)),
            ],
            Umask = Umask,
            SetListenPid = handed.Count > 0,
            CpuAffinity = pool.Cpu.SmpAffinitized ? Processors(pool.Name, pool.Cpu.SmpProcessorAffinityMask) : null,
        };
    }

    /// <summary>IIS's smpProcessorAffinityMask: bit N lets the worker run on processor N.</summary>
    public static IReadOnlyList<int> Processors(string pool, long mask)
    {
        var cpus = Enumerable.Range(0, 64).Where(cpu => (mask & (1L << cpu)) != 0).ToArray();
        return cpus.Length > 0 ? cpus : throw new WorkerLaunchException($"pool {pool}'s cpu.smpProcessorAffinityMask is 0: it names no processor to run on");
    }
}
