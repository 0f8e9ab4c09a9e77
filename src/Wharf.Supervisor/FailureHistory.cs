using System.Collections.Immutable;
using Wharf.Config.Model;

namespace Wharf.Supervisor;

/// <summary>
/// What a service's recovery remembers: its recent failures and how often it has been retried
/// out of Failed. Immutable; <see cref="Record"/> is a pure function of the history, the policy
/// and the time, so whole sequences of failures can be tested on a fake clock.
/// </summary>
internal sealed record FailureHistory(ImmutableList<DateTimeOffset> Failures, int FailedRetries)
{
    // A crash loop far longer than any sane window still keeps the memory bounded.
    private const int MaxRemembered = 1000;

    public static FailureHistory Empty { get; } = new([], 0);

    /// <param name="startedAt">When the process that failed had started, if it got that far.</param>
    public (FailureHistory Next, RecoveryDecision Decision) Record(RecoveryConfig policy, DateTimeOffset now, DateTimeOffset? startedAt, bool automaticRestartDisabled)
    {
        // A process that ran well for a whole rapid-fail window has earned a fresh back-off.
        var retries = startedAt is { } s && now - s > policy.RapidFail.Interval ? 0 : FailedRetries;
        var keep = policy.RapidFail.Interval > policy.ResetFailCountAfter ? policy.RapidFail.Interval : policy.ResetFailCountAfter;
        var failures = Failures.Add(now).RemoveAll(f => now - f > keep);
        if (failures.Count > MaxRemembered) failures = failures.RemoveRange(0, failures.Count - MaxRemembered);

        var decision = RecoveryPolicy.Decide(policy, failures, now, retries, automaticRestartDisabled);
        if (decision is RecoveryDecision.Failed { RetryAfter: not null }) retries++;
        return (new FailureHistory(failures, retries), decision);
    }

    /// <summary>An administrator's start forgets the failures; a restart only the back-off.</summary>
    public FailureHistory WithoutBackoff() => this with { FailedRetries = 0 };
}
