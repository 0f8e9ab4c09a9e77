using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// A worker's whole environment: nothing of the supervisor's, only what the pool sets and what
/// Wharf adds. The names that say where the worker listens and who it is (ASPNETCORE_URLS, PORT,
/// forwarded headers, LISTEN_*, WHARF_*: the validator's reserved names) are Wharf's alone: a
/// pool cannot point a worker elsewhere or fake a hand-off. The validator refuses them; a
/// configuration that still holds one has it ignored, with a warning. PATH, LANG and HOME are
/// defaults a pool may replace: they only shape its own program's world.
/// </summary>
internal static class WorkerEnvironment
{
    /// <summary>No folder an unprivileged account can write, in the order a package manager installs into.</summary>
    public const string SafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public const string Home = "/nonexistent";

    public static bool IsWharfs(string name) =>
        ConfigValidator.ReservedEnvironment.Contains(name) || name.StartsWith(ConfigValidator.ReservedEnvironmentPrefix, StringComparison.Ordinal);

    /// <param name="handedNames">Direct hand-off: the names of the sockets at fd 3 onward, in order (LISTEN_PID is set by the launch step).</param>
    /// <returns>The environment, and the pool's variables left out, each with why.</returns>
    public static (Dictionary<string, string> Environment, IReadOnlyList<string> Ignored) Build(
        WorkerProgramConfig program, string pool, string workerId, WorkerEndpoint endpoint, IReadOnlyList<string> handedNames)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = SafePath,
            ["LANG"] = "C.UTF-8",
            ["HOME"] = Home,
        };
        var ignored = new List<string>();
        foreach (var variable in program.Environment)
        {
            if (IsWharfs(variable.Name)) ignored.Add($"{variable.Name} (Wharf sets it)");
            else if (variable.Name.Length == 0 || variable.Name.Contains('=') || variable.Name.Contains('\0') || variable.Value.Contains('\0'))
                ignored.Add($"\"{variable.Name}\" (not a variable name and value)");
            else env[variable.Name] = variable.Value;
        }
        env["ASPNETCORE_URLS"] = endpoint.AspNetCoreUrls;
        if (endpoint.Port is { } port) env["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        env["WHARF_APP_POOL"] = pool;
        env["WHARF_WORKER_ID"] = workerId;
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
