using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Wharf.Www.Static;

namespace Wharf.Www.Pools;

/// <summary>
/// What a client gets when its pool cannot serve it: HTTP.sys's 503 page with Retry-After, or,
/// with loadBalancerCapabilities tcpLevel, its connection reset, so that a load balancer that
/// watches only TCP sends it elsewhere.
/// </summary>
internal static class PoolResponses
{
    /// <summary>When the supervisor gives no figure: long enough for a worker to start or a queue to drain.</summary>
    public const int DefaultRetryAfterSeconds = 10;

    public static Task UnavailableAsync(HttpContext context, PoolEntry pool)
    {
        if (pool.Config.Failure.LoadBalancerCapabilities == LoadBalancerCapabilities.TcpLevel)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        if (!context.Response.HasStarted)
        {
            var seconds = pool.Route?.RetryAfterSeconds ?? DefaultRetryAfterSeconds;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return ErrorPages.ServiceUnavailable(context);
    }
}
