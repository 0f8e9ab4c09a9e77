using System.Globalization;

namespace Wharf.Www.Pools.Health;

/// <summary>What a health or warm-up request to a worker got, as a value: an answer, or why there was none.</summary>
internal readonly record struct ProbeResult(ProbeOutcome Outcome, int Status = 0, string? Reason = null)
{
    public static ProbeResult Answered(int status) => new(ProbeOutcome.Answered, status);
    public static readonly ProbeResult Refused = new(ProbeOutcome.Refused);
    public static readonly ProbeResult NoAnswer = new(ProbeOutcome.NoAnswer);
    public static ProbeResult Failed(string reason) => new(ProbeOutcome.Failed, Reason: reason);

    /// <summary>IIS's rule for a ping, and the issue's for warm-up: any answer below 500 will do.</summary>
    public bool IsHealthy => Outcome == ProbeOutcome.Answered && Status < 500;

    /// <summary>In the words of the report and the log: "500 from /health", "no answer in 90 s", "connection refused".</summary>
    public string Describe(string path, TimeSpan limit) => Outcome switch
    {
        ProbeOutcome.Answered => $"{Status} from {path}",
        ProbeOutcome.Refused => "connection refused",
        ProbeOutcome.NoAnswer => $"no answer in {Seconds(limit)}",
        _ => Reason ?? "failed",
    };

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

internal enum ProbeOutcome
{
    /// <summary>The worker answered with a status line (any status).</summary>
    Answered,

    /// <summary>Nothing listens yet: refused, or the socket file is not there.</summary>
    Refused,

    /// <summary>No status line within the time limit.</summary>
    NoAnswer,

    /// <summary>The connection broke, or the answer was not HTTP.</summary>
    Failed,
}
