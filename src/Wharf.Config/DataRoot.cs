namespace Wharf.Config;

/// <summary>
/// The folder every Wharf command works in, laid out as IIS administrators expect
/// (wwwroot, ftproot, mailroot, nntpfile, logs, config, run).
/// </summary>
public sealed class DataRoot
{
    public const string EnvironmentVariable = "WHARF_ROOT";
    public const string LocalDefault = "wharf-data";
    public const string InstalledDefault = "/var/lib/wharf";

    // sun_path is 108 bytes including the terminating NUL.
    public const int MaxUnixSocketPath = 107;

    public DataRoot(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string ConfigFolder => Combine("config");
    public string ConfigFile => Combine("config", "wharf.json");
    public string SchemaFile => Combine("config", ConfigSchema.FileName);
    public string HistoryFolder => Combine("config", "history");
    public string BackupsFolder => Combine("config", "backups");
    public string CertsFolder => Combine("config", "certs");
    public string LogsFolder => Combine("logs");
    public string EventLog => Combine("logs", "events.log");
    public string AuditLog => Combine("logs", "audit.log");
    public string RunFolder => Combine("run");
    public string ControlSocket => Combine("run", "control.sock");
    public string AdminSocket => Combine("run", "admin.sock");
    public string StateFolder => Combine("state");
    public string SupervisorState => Combine("state", "supervisor.json");

    /// <summary>The admin service's own state, written by its account alone: administrator accounts, API tokens, sessions (never in wharf.json) and the charts' last hour.</summary>
    public string AdminStateFolder => Combine("state", "admin");
    public string MetricsHistoryFile => Combine("state", "admin", "metrics-history.json");

    /// <summary>The first administrator's password, readable by the account that ran the first `wharf serve` alone.</summary>
    public string InitialPasswordFile => Combine("state", "initial-admin-password");
    public string WwwRoot => Combine("wwwroot");
    public string FtpRoot => Combine("ftproot");
    public string MailRoot => Combine("mailroot");
    public string NntpFile => Combine("nntpfile");

    public string HistoryFile(long version) => Combine("config", "history", $"wharf.{version}.json");

    /// <summary>A path from the configuration: absolute as written, else under the data root.</summary>
    public string Resolve(string configured) =>
        System.IO.Path.IsPathRooted(configured) ? configured : System.IO.Path.GetFullPath(Combine(configured));

    /// <summary>
    /// --root, else WHARF_ROOT, else ./wharf-data if it exists, else /var/lib/wharf if it exists
    /// (an installed Wharf), else ./wharf-data: on a machine where Wharf is not installed, a
    /// first `wharf serve` in a checkout makes its data root right there.
    /// </summary>
    public static DataRoot Find(string? option, string? environment, string currentDirectory, Func<string, bool> directoryExists)
    {
        if (!string.IsNullOrEmpty(option)) return new DataRoot(System.IO.Path.Combine(currentDirectory, option));
        if (!string.IsNullOrEmpty(environment)) return new DataRoot(System.IO.Path.Combine(currentDirectory, environment));
        var local = System.IO.Path.Combine(currentDirectory, LocalDefault);
        if (directoryExists(local)) return new DataRoot(local);
        return directoryExists(InstalledDefault) ? new DataRoot(InstalledDefault) : new DataRoot(local);
    }

    public static DataRoot Find(string? option) =>
        Find(option, Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory(), Directory.Exists);

    /// <summary>Null when the data root is shallow enough for its Unix sockets; else the reason.</summary>
    public string? CheckSocketPaths()
    {
        foreach (var socket in new[] { ControlSocket, AdminSocket })
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(socket);
            if (bytes > MaxUnixSocketPath)
                return $"the data root '{Path}' is too deep: the socket path '{socket}' is {bytes} bytes, and a Unix socket path is at most {MaxUnixSocketPath}; choose a shorter --root";
        }
        return null;
    }

    private string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
