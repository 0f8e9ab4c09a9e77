using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// A worker's whole environment: nothing of the supervisor's, only what the pool sets and what
/// Wharf adds. Wharf's names win: a pool cannot point a worker elsewhere (ASPNETCORE_URLS), widen
/// its PATH to a folder it controls, or fake a hand-off (LISTEN_*). Validation refuses them; a
/// configuration that still holds one has it ignored, with a warning.
/// </summary>
internal static class WorkerEnvironment
{
    /// <summary>No folder an unprivileged account can write, in the order a package manager installs into.</summary>
    public const string SafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public const string Home = "/nonexistent";

    public static readonly IReadOnlySet<string> WharfNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "PORT", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "WHARF_APP_POOL", "WHARF_WORKER_ID",
        "PATH", "LANG", "HOME", "LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PID",
    };

    /// <param name="handedNames">Direct hand-off: the names of the sockets at fd 3 onward, in order (LISTEN_PID is set by the launch step).</param>
    /// <returns>The environment, and the pool's variables left out, each with why.</returns>
    public static (Dictionary<string, string> Environment, IReadOnlyList<string> Ignored) Build(
        WorkerProgramConfig program, string pool, string workerId, WorkerEndpoint endpoint, IReadOnlyList<string> handedNames)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var variable in program.Environment)
        {
            if (WharfNames.Contains(variable.Name)) ignored.Add($"{variable.Name} (Wharf sets it)");
            else if (variable.Name.Length == 0 || variable.Name.Contains('=') || variable.Name.Contains('\0') || variable.Value.Contains('\0'))
                ignored.Add($"\"{variable.Name}\" (not a variable name and value)");
            else env[variable.Name] = variable.Value;
        }
        env["ASPNETCORE_URLS"] = endpoint.AspNetCoreUrls;
        if (endpoint.Port is { } port) env["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        env["WHARF_APP_POOL"] = pool;
        env["WHARF_WORKER_ID"] = workerId;
        env["PATH"] = SafePath;
        env["LANG"] = "C.UTF-8";
        env["HOME"] = Home;
        if (handedNames.Count > 0)
        {
            env["LISTEN_FDS"] = handedNames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // sd_listen_fds_with_names(3): names are separated by ':', so none may hold one.
            env["LISTEN_FDNAMES"] = string.Join(':', handedNames.Select(n => n.Replace(':', '_')));
        }
        return (env, ignored);
    }
}

/// <summary>Where a worker listens: a Unix socket path, or a loopback port.</summary>
internal sealed record WorkerEndpoint(string? SocketPath, int? Port)
{
    /// <summary>As www forwards to it (WorkerRoute.Endpoint): "unix:/abs/path.sock" or "127.0.0.1:PORT".</summary>
    public string Route => SocketPath is not null ? "unix:" + SocketPath : $"127.0.0.1:{Port}";

    /// <summary>Kestrel's spelling of the same place.</summary>
    public string AspNetCoreUrls => SocketPath is not null ? "http://unix:" + SocketPath : $"http://127.0.0.1:{Port}";
}
