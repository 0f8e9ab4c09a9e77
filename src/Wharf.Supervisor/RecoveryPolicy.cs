using Wharf.Config.Model;

namespace Wharf.Supervisor;

/// <summary>What to do about a failure of a service.</summary>
internal abstract record RecoveryDecision
{
    public sealed record Restart(TimeSpan Delay, int FailCount) : RecoveryDecision;

    /// <summary>Run the configured program (Windows' "Run a program"); the service stays down.</summary>
    public sealed record RunProgram(string Program, int FailCount) : RecoveryDecision;

    public sealed record None(string Reason) : RecoveryDecision;

    /// <summary>Rapid-fail protection tripped. Retried after <see cref="RetryAfter"/>, or never (waits for an administrator) when null.</summary>
    public sealed record Failed(string Reason, TimeSpan? RetryAfter) : RecoveryDecision;
}

/// <summary>
/// Windows' service recovery (first, second, subsequent failures; reset period) with IIS's
/// rapid-fail protection on top, and a way back out of Failed that IIS and systemd lack:
/// a retry after a back-off that doubles from <see cref="RapidFailConfig.RetryBackoff"/>
/// up to <see cref="RapidFailConfig.MaxRetryBackoff"/>. A pure function of its inputs.
/// </summary>
internal static class RecoveryPolicy
{
    /// <param name="failures">Every failure still remembered, oldest first, the current one last.</param>
    /// <param name="failedRetries">How many times the service has already been retried out of Failed.</param>
    public static RecoveryDecision Decide(RecoveryConfig policy, IReadOnlyList<DateTimeOffset> failures,
        DateTimeOffset now, int failedRetries, bool automaticRestartDisabled)
    {
        if (automaticRestartDisabled)
            return new RecoveryDecision.None("automatic restart is off (wharf reset /disable); `wharf reset /enable` turns it back on");

        var rapid = policy.RapidFail;
        var windowStart = now - rapid.Interval;
        var inWindow = failures.Count(f => f > windowStart);
        if (inWindow >= rapid.MaxFailures)
        {
            var reason = $"{inWindow} failures within {Describe(rapid.Interval)} (rapid-fail protection)";
            if (rapid.WaitForAdministrator)
                return new RecoveryDecision.Failed(reason + "; waiting for `wharf service start`", null);
            return new RecoveryDecision.Failed(reason, Backoff(rapid, failedRetries));
        }

        var count = FailCount(failures, policy.ResetFailCountAfter);
        var action = count switch
        {
            1 => policy.FirstFailure,
            2 => policy.SecondFailure,
            _ => policy.SubsequentFailures,
        };
        return action switch
        {
            RecoveryAction.Restart => new RecoveryDecision.Restart(policy.RestartDelay, count),
            RecoveryAction.Run => new RecoveryDecision.RunProgram(policy.Program ?? "", count),
            _ => new RecoveryDecision.None($"recovery action for failure {count} is none"),
        };
    }

    /// <summary>Failures counted back from the newest until a gap longer than the reset period (SCM's dwResetPeriod).</summary>
    public static int FailCount(IReadOnlyList<DateTimeOffset> failures, TimeSpan resetAfter)
    {
        if (failures.Count == 0) return 0;
        var count = 1;
        for (var i = failures.Count - 1; i > 0; i--)
        {
            if (failures[i] - failures[i - 1] > resetAfter) break;
            count++;
        }
        return count;
    }

    public static TimeSpan Backoff(RapidFailConfig rapid, int failedRetries)
    {
        var ticks = rapid.RetryBackoff.Ticks;
        for (var i = 0; i < failedRetries && ticks < rapid.MaxRetryBackoff.Ticks; i++) ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, rapid.MaxRetryBackoff.Ticks));
    }

    public static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalSeconds:0.###} s";
}
