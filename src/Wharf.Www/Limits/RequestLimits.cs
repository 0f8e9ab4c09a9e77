using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Config.Model;

namespace Wharf.Www.Limits;

/// <summary>Why a request was refused before its site saw it.</summary>
internal enum LimitRejection
{
    None,
    /// <summary>Content-Length above maxRequestBodyBytes: 413 (IIS's request filtering says 404.13).</summary>
    BodyTooLarge,
    /// <summary>URL path longer than maxUrlLength: 414 (IIS: 404.14).</summary>
    UrlTooLong,
    /// <summary>Query string longer than maxQueryStringLength: 414 (IIS: 404.15).</summary>
    QueryTooLong,
    /// <summary>maxConnections requests already in progress: 503.2, as IIS.</summary>
    TooManyRequests,
}

/// <summary>
/// A site's request limits, checked before the request reaches its content, as IIS's request
/// filtering does: lengths as the client sent them (the raw target), and the body's declared
/// length. A body sent without a length (chunked) is held to the same size by Kestrel as it is
/// read (the request's own IHttpMaxRequestBodySizeFeature, set here per site).
/// </summary>
internal static class RequestLimits
{
    public static LimitRejection Check(SiteLimitsConfig limits, HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target)) target = context.Request.Path.Value + context.Request.QueryString.Value;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var pathLength = question < 0 ? target.Length : question;
        var queryLength = question < 0 ? 0 : target.Length - question - 1;
        if (pathLength > limits.MaxUrlLength) return LimitRejection.UrlTooLong;
        if (queryLength > limits.MaxQueryStringLength) return LimitRejection.QueryTooLong;

        if (context.Request.ContentLength > limits.MaxRequestBodyBytes) return LimitRejection.BodyTooLarge;
        // Read-only once something has read the body; nothing has yet at this point.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        return LimitRejection.None;
    }
}
