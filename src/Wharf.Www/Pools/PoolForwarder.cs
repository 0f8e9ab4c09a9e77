using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Www.Pools.Fast;
using Wharf.Www.Pools.Lane;
using Wharf.Www.Pools.Offline;
using Wharf.Www.Static;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools;

/// <summary>
/// A request for an application whose pool has workers: app_offline.htm first, then the pool's
/// state, its queue, and the worker the queue chose, by www's own HTTP/1.1 path
/// (<see cref="FastForwarder"/>) when it can carry the request, else YARP's forwarder. A worker that refuses
/// the connection (it died; the table has not caught up) is set aside and the request goes back
/// to the head of the queue when nothing of it was sent (<see cref="SendAttempt"/>); any other
/// failure is the site's 502.
/// </summary>
internal sealed class PoolForwarder(
    PoolRequests pools,
    IHttpForwarder forwarder,
    PoolActivity activity,
    AppOffline offline,
    TimeProvider time,
    ILogger log)
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        // HTTP/1.1 to the worker: plain HTTP has no way to agree on HTTP/2 (h2c needs prior knowledge).
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        // Nothing is held back: each read from the worker is written (and flushed) to the client.
        AllowResponseBuffering = false,
        // A quiet server-sent event stream or WebSocket may go minutes without a byte; a worker
        // that hangs is the health requests' business, not a per-request clock's.
        ActivityTimeout = TimeSpan.FromDays(1),
    };

    private const int MaxClosedConnectionRetries = 3;

    public async Task ForwardAsync(HttpContext context, SiteApplication application, StaticSite site)
    {
        if (await offline.TryServeAsync(context, application.PhysicalPath).ConfigureAwait(false)) return;
        var pool = pools.Find(application.ApplicationPool);
        if (pool is null)
        {
            // The table of sites is a version ahead or behind the pools: only for the instant of an apply.
            await ErrorPages.ServiceUnavailable(context).ConfigureAwait(false);
            return;
        }
        // In flight until its answer ends: a pool holding a long stream or WebSocket is not idle.
        activity.Enter(pool.Name);
        try
        {
            await ForwardEnteredAsync(context, pool, site).ConfigureAwait(false);
        }
        finally
        {
            activity.Leave(pool.Name);
        }
    }

    private async Task ForwardEnteredAsync(HttpContext context, PoolEntry pool, StaticSite site)
    {
        if (LaneVerdict.Take(context) is { } verdict)
        {
            // The lane queued and sent this request already; its answer is given here, not sought again.
            if (verdict.Status == StatusCodes.Status503ServiceUnavailable) await PoolResponses.UnavailableAsync(context, pool).ConfigureAwait(false);
            else await site.Errors.SendAsync(context, verdict.Status).ConfigureAwait(false);
            return;
        }
        if (pool.Refuses)
        {
            PoolLog.Refused(log, pool.Name, pool.Route?.Reason ?? "stopped");
            await PoolResponses.UnavailableAsync(context, pool).ConfigureAwait(false);
            return;
        }

        var enteredAt = time.GetTimestamp();
        using var fast = FastForwarder.Carries(context) ? new HeadBuffer() : null;
        if (fast is not null && !await FastForwarder.PrepareAsync(context, fast).ConfigureAwait(false)) return;
        var retry = false;
        // Closed pooled connections are retried a few times, never in a loop with a broken worker.
        var closedConnections = 0;
        while (true)
        {
            var admitted = await pool.Queue.EnterAsync(enteredAt, context.RequestAborted, atHead: retry).ConfigureAwait(false);
            if (admitted.Worker is not { } worker)
            {
                if (admitted.Outcome == QueueOutcome.ClientGone) return;
                PoolLog.NotQueued(log, pool.Name, admitted.Outcome);
                await PoolResponses.UnavailableAsync(context, pool).ConfigureAwait(false);
                return;
            }

            var request = context.Request;
            var entry = worker.Requests.Add(context);
            SendOutcome outcome;
            try
            {
                outcome = fast is not null
                    ? await FastForwarder.SendAsync(context, worker, fast).ConfigureAwait(false)
                    : await SendByYarpAsync(context, worker).ConfigureAwait(false);
            }
            catch
            {
                worker.Requests.Cut(entry);
                pool.Queue.Leave(worker);
                throw;
            }

            var (error, written, exception) = outcome;
            if (error == ForwarderError.None || IsClients(error))
            {
                worker.Requests.Done(entry);
                pool.Queue.Leave(worker);
                pools.Served(pool, worker);
                return;
            }

            if (error == ForwarderError.Request && !written && !context.Response.HasStarted
                && (WorkerUnreachableException.IsIn(exception) || ++closedConnections <= MaxClosedConnectionRetries))
            {
                // Nothing reached the worker, so the request is whole and may go to another. Only a
                // refused connection puts the worker aside until the next table; a closed pooled
                // connection (a worker beginning to drain, or its keep-alive timeout) does not.
                var unreachable = WorkerUnreachableException.IsIn(exception);
                worker.Requests.Done(entry);
                pool.Queue.Leave(worker, unusable: unreachable);
                if (unreachable) PoolLog.Unreachable(log, pool.Name, worker.Id, worker.Endpoint);
                ForgetFailure(context);
                retry = true;
                continue;
            }

            worker.Requests.Cut(entry);
            pool.Queue.Leave(worker);
            pools.Served(pool, worker);
            PoolLog.ForwardFailed(log, pool.Name, worker.Id, request.Method, entry.Url, error, exception?.GetBaseException().Message ?? "");
            var status = error == ForwarderError.RequestTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            // Once the answer has begun, the client must not take a cut one for whole: SendAsync aborts it.
            await site.Errors.SendAsync(context, status).ConfigureAwait(false);
            return;
        }
    }

    private async Task<SendOutcome> SendByYarpAsync(HttpContext context, WorkerSlot worker)
    {
        var attempt = SendAttempt.Begin();
        var error = await forwarder.SendAsync(context, worker.DestinationPrefix, worker.Client, RequestConfig, worker.Transformer).ConfigureAwait(false);
        return new SendOutcome(error, attempt.Written, context.GetForwarderErrorFeature()?.Exception);
    }

    /// <summary>The client went away or stopped sending: nothing the worker did.</summary>
    internal static bool IsClients(ForwarderError error) => error is
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
        or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient
        or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
        or ForwarderError.UpgradeResponseCanceled or ForwarderError.UpgradeResponseClient;

    /// <summary>The request goes again, as if the refused attempt had not been: YARP's 502 and its error are taken back.</summary>
    private static void ForgetFailure(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Features.Set<IForwarderErrorFeature>(null);
    }
}
