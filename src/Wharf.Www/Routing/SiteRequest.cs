using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Wharf.Www.Drain;
using Wharf.Www.Limits;
using Wharf.Www.Logging;
using Wharf.Www.Static;

namespace Wharf.Www.Routing;

/// <summary>
/// A request's way through its site: the site's request limits (414, 413), its concurrent
/// request limit (503.2, answered at once), its bandwidth, its content, and finally one entry
/// for its W3C log, handed to the background writer.
/// </summary>
internal static class SiteRequest
{
    // ERROR_NETNAME_DELETED, what IIS logs as sc-win32-status when the client went away.
    private const int ClientWentAway = 64;

    public static async Task RunAsync(Site site, SiteRuntime runtime, HttpContext context)
    {
        var time = runtime.Time;
        var started = time.GetTimestamp();
        var log = runtime.Log;
        // As the client asked: a default document or other rewrite inside the site is not what IIS logs.
        var path = context.Request.Path;
        var pathBase = context.Request.PathBase;
        MeteredResponseBody? metered = null;
        var failed = false;
        try
        {
            var rejection = RequestLimits.Check(site.Config.Limits, context);
            if (rejection == LimitRejection.None && !runtime.Requests.TryEnter()) rejection = LimitRejection.TooManyRequests;
            if (rejection != LimitRejection.None)
            {
                await LimitResponses.WriteAsync(context, rejection).ConfigureAwait(false);
                return;
            }

            try
            {
                var bucket = runtime.Bandwidth;
                if (bucket is not null || log?.Settings.Fields.CountsBytes == true)
                {
                    metered = MeteredResponseBody.Install(context, bucket);
                    // The metered count is what went out; a drain's report takes it from there.
                    if (RequestInProgress.Of(context) is { } progress) progress.Metered = metered;
                }
                await site.Pipeline(context).ConfigureAwait(false);
                if (metered is not null) await metered.FinishAsync().ConfigureAwait(false);
            }
            finally
            {
                runtime.Requests.Exit();
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            runtime.Counters.Count(context, failed, metered?.BytesWritten);
            if (log is not null) Log(log, context, pathBase, path, time, started, metered, failed);
        }
    }

    private static void Log(SiteLog log, HttpContext context, PathString pathBase, PathString path, TimeProvider time, long started, MeteredResponseBody? metered, bool failed)
    {
        var request = context.Request;
        var response = context.Response;
        var connection = context.Connection;
        var settings = log.Settings;
        var fields = settings.Fields;
        var aborted = context.RequestAborted.IsCancellationRequested;

        // What the client will see: an exception before the response started becomes Kestrel's 500.
        var status = failed && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;
        var subStatus = ResponseMarks.GetSubStatus(context);
        var user = context.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity;

        log.TryEnqueue(new W3cLogEntry
        {
            Log = log,
            Settings = settings,
            Time = time.GetUtcNow().UtcDateTime,
            ServerIp = connection.LocalIpAddress,
            ServerPort = connection.LocalPort,
            ClientIp = connection.RemoteIpAddress,
            Method = request.Method,
            UriStem = pathBase.HasValue ? pathBase.Value + path.Value : path.Value,
            UriQuery = request.QueryString.Value,
            UserName = user is { IsAuthenticated: true } ? user.Name : null,
            UserAgent = request.Headers.UserAgent.ToString(),
            Referer = request.Headers.Referer.ToString(),
            Cookie = fields.NeedsCookie ? request.Headers.Cookie.ToString() : null,
            Host = request.Headers.Host.ToString(),
            Protocol = request.Protocol,
            Status = status,
            SubStatus = subStatus,
            Win32Status = aborted ? ClientWentAway : 0,
            TimeTakenMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            BytesSent = fields.CountsBytes ? ByteCounts.Sent(response, metered?.BytesWritten ?? 0) : -1,
            BytesReceived = fields.CountsBytes ? ByteCounts.Received(request) : -1,
        });
    }
}
