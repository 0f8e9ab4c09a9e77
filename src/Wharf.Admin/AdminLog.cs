using Microsoft.Extensions.Logging;

namespace Wharf.Admin;

/// <summary>The admin service's log messages; event ids 3000-3099.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(3000, LogLevel.Warning, "A commit was cut short before this process started; finished now: {What}")]
    public static partial void CommitFinished(ILogger log, string what);

    [LoggerMessage(3001, LogLevel.Warning, "Version {Committed} is committed but the host ran on version {Running}; applied: {Message}")]
    public static partial void CommittedNotRunning(ILogger log, long committed, long running, string? message);

    [LoggerMessage(3002, LogLevel.Error, "Cannot finish a commit cut short; changes through the API go on: {Reason}")]
    public static partial void CannotReconcile(ILogger log, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "Cannot tell whether the committed version {Committed} is running: {Message}")]
    public static partial void RunningUnknown(ILogger log, long committed, string? message);
}
