using System.Globalization;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// When a worker is recycled by the clock: periodicRestart.time, spread across a web garden (IIS
/// spreads a garden's recycles over the interval, so they never all restart at once), and
/// periodicRestart.schedule's local times of day. Pure functions of the settings and the time.
/// </summary>
internal static class PeriodicRestartPlan
{
    /// <summary>
    /// How long after its start worker <paramref name="slot"/> of <paramref name="gardenSize"/> is
    /// recycled: a garden started together recycles worker i first at time*(i+1)/n; a worker that
    /// replaced another (its slot already spread) runs the whole time. Null: never (time is zero).
    /// </summary>
    public static TimeSpan? FirstRecycleAfter(TimeSpan time, int slot, int gardenSize, bool replacement)
    {
        if (time <= TimeSpan.Zero) return null;
        if (replacement || gardenSize <= 1) return time;
        var n = Math.Max(1, gardenSize);
        var i = Math.Clamp(slot, 0, n - 1);
        return TimeSpan.FromTicks(time.Ticks / n * (i + 1));
    }

    /// <summary>"hh:mm", 24 h; null when it is not a valid time of day (the validator refuses it first).</summary>
    public static TimeSpan? ParseTimeOfDay(string text) =>
        TimeSpan.TryParseExact(text.Trim(), ["h\\:mm", "hh\\:mm"], CultureInfo.InvariantCulture, out var t) && t < TimeSpan.FromDays(1) ? t : null;

    /// <summary>The next instant strictly after <paramref name="now"/> at one of the schedule's local times; null for an empty schedule.</summary>
    public static DateTimeOffset? NextScheduled(IReadOnlyList<string> schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        DateTimeOffset? best = null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        foreach (var entry in schedule)
        {
            if (ParseTimeOfDay(entry) is not { } at) continue;
            for (var day = 0; day <= 1; day++)
            {
                var wall = local.Date.AddDays(day) + at;
                // A wall time skipped by a DST jump runs an hour later, as cron does.
                if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1);
                var candidate = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
                if (candidate <= now) continue;
                if (best is null || candidate < best) best = candidate;
                break;
            }
        }
        return best;
    }
}
