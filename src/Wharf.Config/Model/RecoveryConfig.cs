namespace Wharf.Config.Model;

/// <summary>What the supervisor does when a service fails, as Windows' service recovery tab.</summary>
public sealed record RecoveryConfig
{
    public RecoveryAction FirstFailure { get; init; } = RecoveryAction.Restart;
    public RecoveryAction SecondFailure { get; init; } = RecoveryAction.Restart;
    public RecoveryAction SubsequentFailures { get; init; } = RecoveryAction.Restart;

    /// <summary>Program run (through /bin/sh -c) for the <c>run</c> action; the fail count is in WHARF_FAIL_COUNT.</summary>
    public string? Program { get; init; }

    /// <summary>
    /// The account <see cref="Program"/> runs as; required with the <c>run</c> action. Never root,
    /// nor an account of Wharf's own: the program is the configuration's, and whoever can change
    /// the configuration must not get root or a service's files by it.
    /// </summary>
    public string? RunAs { get; init; }

    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>With no failure for this long, the failure count starts again from zero.</summary>
    public TimeSpan ResetFailCountAfter { get; init; } = TimeSpan.FromDays(1);

    public RapidFailConfig RapidFail { get; init; } = new();
}

public enum RecoveryAction
{
    Restart,
    Run,
    None,
}

/// <summary>IIS's rapid-fail protection: too many failures in a window put the service in Failed.</summary>
public sealed record RapidFailConfig
{
    public int MaxFailures { get; init; } = 5;
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A Failed service is tried again after this back-off, doubling each time up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When true, a Failed service waits for <c>wharf service start</c> instead of retrying.</summary>
    public bool WaitForAdministrator { get; init; }
}
