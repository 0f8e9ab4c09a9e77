using Microsoft.Extensions.Logging;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// What www's pool watchers log (health, warm-up, idleness, app_offline.htm), with stable event
/// ids: 4500-4599 of www's 2000-4999.
/// </summary>
internal static partial class PoolWatchLog
{
    [LoggerMessage(4500, LogLevel.Warning, "Pool '{Pool}': worker {Worker} is unhealthy ({Detail}); reported to the supervisor")]
    public static partial void Unhealthy(ILogger logger, string pool, string worker, string detail);

    [LoggerMessage(4501, LogLevel.Information, "Pool '{Pool}': worker {Worker} answers its health request again")]
    public static partial void Healthy(ILogger logger, string pool, string worker);

    [LoggerMessage(4502, LogLevel.Information, "Pool '{Pool}': worker {Worker} is warmed up ({Detail})")]
    public static partial void Warmed(ILogger logger, string pool, string worker, string detail);

    [LoggerMessage(4503, LogLevel.Warning, "Pool '{Pool}': worker {Worker} failed its warm-up ({Detail}); reported to the supervisor")]
    public static partial void WarmFailed(ILogger logger, string pool, string worker, string detail);

    [LoggerMessage(4504, LogLevel.Information, "Pool '{Pool}' is idle ({Detail}); reported to the supervisor")]
    public static partial void Idle(ILogger logger, string pool, string detail);

    [LoggerMessage(4505, LogLevel.Warning, "Pool '{Pool}': worker {Worker} has an endpoint www cannot reach ({Endpoint}); it is not watched")]
    public static partial void EndpointInvalid(ILogger logger, string pool, string worker, string endpoint);

    [LoggerMessage(4506, LogLevel.Error, "Pool '{Pool}': the {Watch} watch of worker {Worker} failed; it is not watched until it is listed again")]
    public static partial void WatchFailed(ILogger logger, string pool, string worker, string watch, Exception exception);

    [LoggerMessage(4510, LogLevel.Information, "{File} found ({Bytes} bytes): its application's requests get it with 503")]
    public static partial void OfflinePageFound(ILogger logger, string file, int bytes);

    [LoggerMessage(4511, LogLevel.Information, "{File} is gone: its application is served again")]
    public static partial void OfflinePageGone(ILogger logger, string file);

    [LoggerMessage(4512, LogLevel.Warning, "{File}: {Problem}; the application is offline all the same, with a built-in page where the file cannot be served")]
    public static partial void OfflinePageProblem(ILogger logger, string file, string problem);

    [LoggerMessage(4513, LogLevel.Information, "Pool '{Pool}' reported offline because of {File}: its workers stop")]
    public static partial void PoolOffline(ILogger logger, string pool, string file);

    [LoggerMessage(4514, LogLevel.Information, "Pool '{Pool}' reported online: no app_offline.htm is left in its applications")]
    public static partial void PoolOnline(ILogger logger, string pool);

    [LoggerMessage(4515, LogLevel.Warning, "Cannot watch {Folder} for app_offline.htm ({Reason}); it is read every 2 s instead")]
    public static partial void OfflineWatchFailed(ILogger logger, string folder, string reason);
}
