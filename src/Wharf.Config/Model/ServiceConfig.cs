namespace Wharf.Config.Model;

/// <summary>How the supervisor runs one service process.</summary>
public sealed record ServiceConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The account the service process runs as when the supervisor runs as root. Null means its
    /// own system account, <c>wharf-NAME</c> (<see cref="ServiceAccounts"/>), created when missing.
    /// Never root, never <c>nobody</c>, never another service's: the supervisor binds the
    /// privileged ports, so no service needs to be root, and no two may share files or signals.
    /// </summary>
    public string? User { get; init; }

    /// <summary>Time the process has to say ready after it starts.</summary>
    public TimeSpan StartupTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The supervisor pings every interval; <see cref="PingMissedLimit"/> missed pings mean hung.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int PingMissedLimit { get; init; } = 3;

    public RecoveryConfig Recovery { get; init; } = new();
}
