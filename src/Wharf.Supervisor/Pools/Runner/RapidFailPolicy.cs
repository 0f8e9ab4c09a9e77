using System.Collections.Immutable;
using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>What rapid-fail protection decided after a worker failure.</summary>
/// <param name="Tripped">The pool stops: its failures reached maxCrashes within the interval.</param>
/// <param name="Reason">In plain words, for the pool-rapid-failed event and status.</param>
/// <param name="RestartAt">When the pool starts again by itself (failure.rapidFailRestartAfter); null: on `wharf apppool start`.</param>
internal sealed record RapidFailVerdict(bool Tripped, int InWindow, string? Reason, DateTimeOffset? RestartAt);

/// <summary>
/// IIS's rapid-fail protection for one pool: a worker's crash, start failure or unhealthy kill is a
/// failure; rapidFailProtectionMaxCrashes of them within rapidFailProtectionInterval stop the pool.
/// Immutable, a pure function of the history, the pool's failure settings and the time, as
/// <see cref="FailureHistory"/> is for services.
/// </summary>
internal sealed record RapidFailPolicy(ImmutableList<DateTimeOffset> Failures)
{
    // A crash loop far longer than any sane window still keeps the memory bounded.
    private const int MaxRemembered = 1000;

    public static RapidFailPolicy Empty { get; } = new([]);

    public int InWindow(AppPoolFailureConfig failure, DateTimeOffset now) => Failures.Count(f => now - f <= failure.RapidFailProtectionInterval);

    public (RapidFailPolicy Next, RapidFailVerdict Verdict) Record(AppPoolFailureConfig failure, DateTimeOffset now)
    {
        var failures = Failures.Add(now).RemoveAll(f => now - f > failure.RapidFailProtectionInterval);
        if (failures.Count > MaxRemembered) failures = failures.RemoveRange(0, failures.Count - MaxRemembered);
        var next = new RapidFailPolicy(failures);
        if (!failure.RapidFailProtection || failures.Count < failure.RapidFailProtectionMaxCrashes)
            return (next, new RapidFailVerdict(false, failures.Count, null, null));

        var reason = $"{failures.Count} worker failures within {RecoveryPolicy.Describe(failure.RapidFailProtectionInterval)} (rapid-fail protection, maxCrashes {failure.RapidFailProtectionMaxCrashes})";
        var restartAt = failure.RapidFailRestartAfter is { } after && after > TimeSpan.Zero ? now + after : (DateTimeOffset?)null;
        reason += restartAt is null ? "; waiting for `wharf apppool start`" : $"; starting again in {RecoveryPolicy.Describe(failure.RapidFailRestartAfter!.Value)}";
        // A tripped pool starts again with a clean slate, as IIS's does.
        return (Empty, new RapidFailVerdict(true, failures.Count, reason, restartAt));
    }
}
