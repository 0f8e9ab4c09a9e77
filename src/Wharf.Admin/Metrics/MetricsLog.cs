using Microsoft.Extensions.Logging;

namespace Wharf.Admin.Metrics;

/// <summary>The metrics' and the services and reset endpoints' log messages; event ids 3050-3059 of the admin service's range (AdminLog).</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(3050, LogLevel.Warning, "The charts' history: {Problem}")]
    public static partial void HistoryUnreadable(ILogger log, string problem);

    [LoggerMessage(3051, LogLevel.Warning, "Cannot save the charts' history to {Path}: {Reason}")]
    public static partial void HistoryNotSaved(ILogger log, string path, string reason);

    [LoggerMessage(3052, LogLevel.Debug, "No metrics sample this time: {Problem}")]
    public static partial void SampleSkipped(ILogger log, string problem);
}
