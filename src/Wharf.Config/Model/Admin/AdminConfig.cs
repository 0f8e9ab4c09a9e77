namespace Wharf.Config.Model;

/// <summary><c>admin</c>: the admin service's remote endpoint, its sessions and its cap on failed logins.</summary>
public sealed record AdminConfig
{
    public AdminHttpsConfig Https { get; init; } = new();

    public AdminSessionsConfig Sessions { get; init; } = new();

    public AdminLoginsConfig Logins { get; init; } = new();
}

/// <summary>The admin API and the console over HTTPS (IIS's management service port, 8172), on loopback unless told otherwise.</summary>
public sealed record AdminHttpsConfig
{
    public const int DefaultPort = 8172;

    /// <summary>The self-signed certificate `wharf serve` makes when these files are missing.</summary>
    public const string DefaultCertificateFile = "config/admin/admin.pem";
    public const string DefaultKeyFile = "config/admin/admin.key";

    public bool Enabled { get; init; } = true;

    /// <summary>An IP address, or <c>*</c> for every address.</summary>
    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = DefaultPort;

    public string CertificateFile { get; init; } = DefaultCertificateFile;

    public string KeyFile { get; init; } = DefaultKeyFile;
}

/// <summary>How long a console session lives: ended when idle this long, and in any case this long after the login.</summary>
public sealed record AdminSessionsConfig
{
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan AbsoluteTimeout { get; init; } = TimeSpan.FromHours(12);
}

/// <summary>Failed logins allowed per client address and per account within the window; beyond, 429 until the window frees one.</summary>
public sealed record AdminLoginsConfig
{
    public int MaxFailures { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(15);
}
