using Microsoft.Extensions.Logging;

namespace Wharf.Www.Pools;

/// <summary>The request path's log lines to workers (event ids 4400-4419).</summary>
internal static partial class PoolLog
{
    [LoggerMessage(4400, LogLevel.Debug, "Pool '{Pool}' does not take requests ({Reason}): 503")]
    public static partial void Refused(ILogger logger, string pool, string reason);

    [LoggerMessage(4401, LogLevel.Debug, "Pool '{Pool}': request not served by a worker ({Outcome}): 503")]
    public static partial void NotQueued(ILogger logger, string pool, QueueOutcome outcome);

    [LoggerMessage(4402, LogLevel.Information, "Pool '{Pool}': worker {Worker} at {Endpoint} refused a connection; it takes nothing more until the supervisor's next table, and the request waits for another")]
    public static partial void Unreachable(ILogger logger, string pool, string worker, string endpoint);

    [LoggerMessage(4403, LogLevel.Warning, "Pool '{Pool}': {Method} {Url} failed on worker {Worker} ({Error}: {Reason}); answered 502, or the connection was closed if the answer had begun")]
    public static partial void ForwardFailed(ILogger logger, string pool, string worker, string method, string url, Yarp.ReverseProxy.Forwarder.ForwarderError error, string reason);
}
