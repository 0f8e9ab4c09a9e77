namespace Wharf.Hosting.Launch;

/// <summary>
/// What the exec step (`wharf exec-step`) does before it becomes <see cref="Program"/>: every
/// field is applied in the order <see cref="ExecStep"/> lists, by number, never by name, so the
/// step reads no /etc/passwd and parses nothing but this one JSON object from its parent.
/// </summary>
public sealed record LaunchSpec
{
    // Optional members have setters, not init: the JSON source generator sets every init member
    // in one initializer, so one the JSON leaves out would be null rather than its default.
    /// <summary>An absolute path, executed as is (no PATH search).</summary>
    public required string Program { get; init; }

    /// <summary>argv[1..]; argv[0] is <see cref="Program"/>.</summary>
    public IReadOnlyList<string> Arguments { get; set; } = [];

    /// <summary>The whole environment of the program: nothing of the exec step's own is kept.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    public string WorkingDirectory { get; set; } = "/";

    public LaunchIsolation Isolation { get; set; } = LaunchIsolation.Session;

    /// <summary>cgroup folders (v2, or one per v1 hierarchy) the process joins before it runs anything.</summary>
    public IReadOnlyList<string> Cgroups { get; set; } = [];

    public IReadOnlyList<LaunchRlimit> Rlimits { get; set; } = [];

    /// <summary>Null: keep the exec step's own account (a supervisor that is not root).</summary>
    public LaunchAccount? Account { get; set; }

    /// <summary>
    /// Descriptors the program gets besides 0, 1 and 2, each moved from where the parent left it
    /// (equal numbers keep it in place). Every other descriptor is closed by the execve.
    /// </summary>
    public IReadOnlyList<LaunchDescriptor> Descriptors { get; set; } = [];

    /// <summary>The umask the program starts with (octal in the administrator's words; a number here).</summary>
    public int? Umask { get; set; }

    /// <summary>
    /// systemd's socket-passing convention (sd_listen_fds(3)): the program checks LISTEN_PID
    /// against its own pid, which only the step knows, since it becomes the program; it is set
    /// just before the execve (any LISTEN_PID in <see cref="Environment"/> is replaced).
    /// </summary>
    public bool SetListenPid { get; set; }

    /// <summary>The processors the program may run on (sched_setaffinity); null: any.</summary>
    public IReadOnlyList<int>? CpuAffinity { get; set; }
}

public enum LaunchIsolation
{
    /// <summary>setsid: its own session and process group, no controlling terminal.</summary>
    Session,

    /// <summary>setpgid(0, 0): its own process group in the parent's session.</summary>
    Group,

    None,
}

/// <summary>One resource limit by its Linux name without the prefix: nofile, core, nproc, as, fsize, ...</summary>
public sealed record LaunchRlimit(string Resource, ulong Soft, ulong Hard);

/// <summary>The account, by number: groups are the supplementary groups (setgroups), usually just <see cref="Gid"/>.</summary>
public sealed record LaunchAccount(uint Uid, uint Gid, IReadOnlyList<uint> Groups);

public sealed record LaunchDescriptor(int From, int To);
