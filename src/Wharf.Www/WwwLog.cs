using Microsoft.Extensions.Logging;
using Wharf.Www.Drain;

namespace Wharf.Www;

/// <summary>
/// Every message the www service logs, with its stable event id. The www service owns ids
/// 2000-2999.
/// </summary>
internal static partial class WwwLog
{
    [LoggerMessage(2000, LogLevel.Information, "www serving {SiteCount} site(s) on {Listeners} (configuration version {Version})")]
    public static partial void Started(ILogger logger, int siteCount, string listeners, long version);

    [LoggerMessage(2001, LogLevel.Warning, "Listener {Listener} is needed by the configuration but was not handed to this process; its bindings get no requests until a restart")]
    public static partial void ListenerMissing(ILogger logger, string listener);

    [LoggerMessage(2002, LogLevel.Warning, "Listener {Listener} was handed to this process but no binding uses it; it is served anyway")]
    public static partial void ListenerUnused(ILogger logger, string listener);

    [LoggerMessage(2003, LogLevel.Warning, "Site '{Site}': physical path {Path} does not exist; the site answers 404 until it does and the configuration is applied again")]
    public static partial void PhysicalPathMissing(ILogger logger, string site, string path);

    // 4200-4299: static content.
    [LoggerMessage(4200, LogLevel.Warning, "Site '{Site}': {UrlPath} is served from {Path}, which does not exist; its requests get 404 until it does")]
    public static partial void MountPathMissing(ILogger logger, string site, string urlPath, string path);

    [LoggerMessage(4201, LogLevel.Warning, "Site '{Site}': the custom error page for {Status}, {Path}, does not exist; the built-in page is sent until it does")]
    public static partial void ErrorPageMissing(ILogger logger, string site, int status, string path);

    [LoggerMessage(4202, LogLevel.Warning, "Site '{Site}': {Path} could not be read ({Reason}); answered 500, or the connection was closed if the answer had begun")]
    public static partial void StaticFileFailed(ILogger logger, string site, string path, string reason);

    [LoggerMessage(2010, LogLevel.Information, "Configuration version {Version} applied in place ({SiteCount} site(s))")]
    public static partial void Applied(ILogger logger, long version, int siteCount);

    [LoggerMessage(2011, LogLevel.Information, "Configuration version {Version} changes the listening sockets ({Old} -> {New}); an overlapped restart is needed")]
    public static partial void RestartNeeded(ILogger logger, long version, string old, string @new);

    [LoggerMessage(2020, LogLevel.Information, "www draining: stopped accepting; {Connections} connection(s) open, {Requests} request(s) in progress")]
    public static partial void DrainStarted(ILogger logger, long connections, long requests);

    [LoggerMessage(2021, LogLevel.Information, "www drain ended ({Outcome}) after {Milliseconds} ms; closing {Connections} connection(s), {Requests} request(s) still in progress")]
    public static partial void DrainEnded(ILogger logger, DrainOutcome outcome, long milliseconds, long connections, long requests);

    [LoggerMessage(2022, LogLevel.Warning, "www stop passed its deadline with {Requests} request(s) still running in application code; leaving them to the process exit")]
    public static partial void StopOverran(ILogger logger, long requests);

    // HTTPS (Tls/): 4100-4199.
    [LoggerMessage(4100, LogLevel.Information, "{Binding}: certificate {File} changed on disk and was loaded ({Subject}, thumbprint {Thumbprint}); new connections get it")]
    public static partial void CertificateReloaded(ILogger logger, string binding, string file, string subject, string thumbprint);

    [LoggerMessage(4102, LogLevel.Warning, "{Binding}: certificate {File} is valid only from {NotBefore:u} to {NotAfter:u}; it is served, but clients will refuse it")]
    public static partial void CertificateNotValidNow(ILogger logger, string binding, string file, DateTime notBefore, DateTime notAfter);

    [LoggerMessage(4101, LogLevel.Warning, "{Message}; the previous certificate keeps serving until the files load")]
    public static partial void CertificateReloadFailed(ILogger logger, string message);

    // 4300-4399: limits and W3C logs.

    [LoggerMessage(4300, LogLevel.Warning, "W3C log queue full ({Queued} entries waiting): log lines are being dropped, requests are not slowed ({Dropped} dropped so far; said once)")]
    public static partial void LogQueueFull(ILogger logger, int queued, long dropped);

    [LoggerMessage(4301, LogLevel.Warning, "{Dropped} W3C log line(s) were dropped in all because the log queue was full")]
    public static partial void LogEntriesDropped(ILogger logger, long dropped);

    [LoggerMessage(4302, LogLevel.Error, "{Site}: cannot write the W3C log {Path}: {Reason}; requests are still served, their log lines are lost until it can be written")]
    public static partial void LogFileFailed(ILogger logger, string site, string path, string reason);

    [LoggerMessage(4303, LogLevel.Information, "{Site}: the W3C log {Path} is written again")]
    public static partial void LogFileRecovered(ILogger logger, string site, string path);

    [LoggerMessage(4304, LogLevel.Error, "A W3C log entry could not be formatted; it is left out")]
    public static partial void LogEntryFailed(ILogger logger, Exception exception);
}
