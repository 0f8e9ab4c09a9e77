using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools;

/// <summary>
/// YARP's copy of the request and response, with Wharf's rules on top: forwarded headers written
/// by www alone, the client's Host kept, and the worker's <see cref="WorkerProgramConfig.RecycleHeader"/>
/// taken out of the response (and reported) before the client sees it. One per worker, so that
/// the report names it without a lookup per request.
/// </summary>
internal sealed class WorkerTransformer(Action<string> recycleAsked) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // The base copies every header but the hop-by-hop ones, Host included.
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        ForwardedHeaders.Apply(httpContext, proxyRequest);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proxied = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var headers = httpContext.Response.Headers;
        if (headers.TryGetValue(WorkerProgramConfig.RecycleHeader, out var asked))
        {
            headers.Remove(WorkerProgramConfig.RecycleHeader);
            recycleAsked(asked.ToString());
        }
        return proxied;
    }
}
