using Microsoft.AspNetCore.Http;
using Wharf.Www.Static;

namespace Wharf.Www.Limits;

/// <summary>
/// The answers to requests over a site's limits, as short HTTP.sys-style pages. The IIS
/// substatus goes in the <see cref="ResponseMarks"/>, where the W3C log (sc-substatus) reads it.
/// </summary>
internal static class LimitResponses
{
    private static readonly byte[] BodyTooLargePage = Page("Request Entity Too Large", "HTTP Error 413.13. The request body is larger than this site allows (maxRequestBodyBytes).");
    private static readonly byte[] UrlTooLongPage = Page("Request-URI Too Long", "HTTP Error 414.14. The URL is longer than this site allows (maxUrlLength).");
    private static readonly byte[] QueryTooLongPage = Page("Request-URI Too Long", "HTTP Error 414.15. The query string is longer than this site allows (maxQueryStringLength).");
    private static readonly byte[] TooManyRequestsPage = Page("Service Unavailable", "HTTP Error 503.2. The concurrent request limit of this site has been reached.");

    public static Task WriteAsync(HttpContext context, LimitRejection rejection) => rejection switch
    {
        LimitRejection.BodyTooLarge => Write(context, StatusCodes.Status413PayloadTooLarge, 13, BodyTooLargePage, close: true),
        LimitRejection.UrlTooLong => Write(context, StatusCodes.Status414UriTooLong, 14, UrlTooLongPage, close: false),
        LimitRejection.QueryTooLong => Write(context, StatusCodes.Status414UriTooLong, 15, QueryTooLongPage, close: false),
        LimitRejection.TooManyRequests => Write(context, StatusCodes.Status503ServiceUnavailable, 2, TooManyRequestsPage, close: false),
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, null),
    };

    private static Task Write(HttpContext context, int status, int subStatus, byte[] body, bool close)
    {
        ResponseMarks.SetSubStatus(context, subStatus);
        // The body we did not read may be large: end the connection rather than read it through
        // (meaningless, and not allowed, in HTTP/2 and 3, which reset the stream instead).
        if (close && !context.Response.HasStarted
            && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
            context.Response.Headers.Connection = "close";
        return ErrorPages.Write(context, status, body);
    }

    private static byte[] Page(string title, string text) => ErrorPages.Page(title, title, text);
}
