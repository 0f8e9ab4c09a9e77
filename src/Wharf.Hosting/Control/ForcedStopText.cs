using System.Globalization;
using System.Text;

namespace Wharf.Hosting.Control;

/// <summary>
/// Forced stops in words, one place for the event log, the reply and the CLI:
/// <c>killed pid 4242 at the 3 s deadline, cutting 1 request: GET /big.bin to 127.0.0.1:5555,
/// 23,456,789 bytes sent in 4.6 s (as of 0.8 s before the kill)</c>. Pure.
/// </summary>
public static class ForcedStopText
{
    // A report younger than this is as good as current: the drain reports every second.
    private const double FreshSeconds = 1.5;

    public static string Describe(ForcedStop stop)
    {
        var text = new StringBuilder();
        if (stop.EndedNowBy is { } by) text.Append(CultureInfo.InvariantCulture, $"ended pid {stop.Pid} now, as {by} asked");
        else text.Append(CultureInfo.InvariantCulture, $"killed pid {stop.Pid} at the {Number(stop.DeadlineSeconds)} s deadline");
        return text.Append(Cutting(stop.Held, stop.ReportAgeSeconds)).ToString();
    }

    /// <summary>
    /// What a kill cut, from the last report and its age: <c>, cutting 1 request: GET /big.bin ...</c>.
    /// Also for a process killed because it hung, which cannot say so itself.
    /// </summary>
    public static string Cutting(HoldingReport? held, double? reportAgeSeconds)
    {
        if (held is null) return ", having sent no report of what it held";
        var text = new StringBuilder();
        var idle = Math.Max(0, held.Connections - held.Requests);
        var cut = new List<string>(2);
        if (held.Requests > 0) cut.Add(Count(held.Requests, "request"));
        // Idle when the report says so; a count-only report (an older service, a pool worker) does not.
        if (idle > 0) cut.Add(Count(idle, held.Entries.Any(e => !e.IsRequest) ? "idle connection" : "connection"));
        text.Append(", cutting ").Append(cut.Count == 0 ? "nothing" : string.Join(" and ", cut));
        if (held.Entries.Count > 0) text.Append(": ").AppendJoin("; ", held.Entries.Select(Entry));
        if (held.Unlisted > 0 && held.Entries.Count > 0) text.Append(CultureInfo.InvariantCulture, $"; and {held.Unlisted} more");
        if (reportAgeSeconds is { } age && age >= FreshSeconds)
            text.Append(CultureInfo.InvariantCulture, $" (as of {age:0.0} s before the kill)");
        return text.ToString();
    }

    /// <summary>Several processes killed for one service, one clause each.</summary>
    public static string Describe(IEnumerable<ForcedStop> stops) => string.Join("; ", stops.Select(Describe));

    public static string Entry(HeldEntry e)
    {
        if (!e.IsRequest)
            return string.Create(CultureInfo.InvariantCulture, $"idle connection from {e.Client}, open {e.Seconds:0.0} s");
        var bytes = e.BytesSent is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b:N0} bytes sent") : "bytes sent unknown";
        return string.Create(CultureInfo.InvariantCulture, $"{e.Method} {e.Url} to {e.Client}, {bytes} in {e.Seconds:0.0} s");
    }

    private static string Count(long n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Number(double seconds) =>
        seconds == Math.Floor(seconds) ? ((long)seconds).ToString(CultureInfo.InvariantCulture) : seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
