using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>
/// The program a pool's worker processes run: any HTTP server that listens where it is told
/// (ASPNETCORE_URLS, or PORT), launched through the launch step as the pool's account, in its own
/// session and cgroup, with a clean environment.
/// </summary>
public sealed record WorkerProgramConfig
{
    /// <summary>An absolute path to an executable (no shell, no PATH search).</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Variables the worker gets on top of what Wharf sets (ASPNETCORE_URLS, PORT, ...); Wharf's own names cannot be set here.</summary>
    public IReadOnlyList<EnvironmentVariableConfig> Environment { get; init; } = [];

    /// <summary>Absolute; null is the root application's physical path of the first site that uses the pool.</summary>
    public string? WorkingDirectory { get; init; }

    public WorkerListen Listen { get; init; } = WorkerListen.Unix;

    /// <summary>Open files a worker may hold (RLIMIT_NOFILE, soft and hard).</summary>
    public int OpenFilesLimit { get; init; } = 65536;

    /// <summary>
    /// A path www requests once a worker accepts, before it takes traffic (IIS's
    /// applicationInitialization); it must answer below 500 within the startup time limit. Null: none.
    /// </summary>
    public string? WarmupPath { get; init; }

    /// <summary>
    /// Direct hand-off: the bindings of every site wholly in this pool are given to its workers,
    /// which accept on them themselves (systemd's LISTEN_FDS), with no hop through www.
    /// </summary>
    public bool DirectHandoff { get; init; }

    /// <summary>
    /// A response header by which a worker asks to be recycled (overlapped) after the response; www
    /// removes it before the client sees it.
    /// </summary>
    public const string RecycleHeader = "Wharf-Recycle";
}

/// <summary>One variable, as ANCM's &lt;environmentVariable name value&gt;.</summary>
public sealed record EnvironmentVariableConfig
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

[JsonConverter(typeof(CamelCaseEnumConverter<WorkerListen>))]
public enum WorkerListen
{
    /// <summary>A Unix socket in run/pools/NAME/, a folder only www and the pool's account can reach.</summary>
    Unix,

    /// <summary>A loopback port chosen by the supervisor, in PORT and ASPNETCORE_URLS.</summary>
    Tcp,
}
