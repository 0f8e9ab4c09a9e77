using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Wharf.Config.Model;

namespace Wharf.Www.Static;

/// <summary>
/// The 4xx and 5xx answers of one site: the administrator's page for that status (httpErrors)
/// sent with the original status, else a short built-in page in IIS's words. Each records its
/// substatus (<see cref="ResponseMarks"/>) for the W3C log.
/// </summary>
internal sealed class SiteErrorPages
{
    private static readonly ConcurrentDictionary<int, byte[]> BuiltIn = new();
    private static readonly Microsoft.Extensions.Primitives.StringValues HtmlType = "text/html; charset=utf-8";

    // Status code -> the page file, absolute (relative ones were taken against the site's folder).
    private readonly Dictionary<int, string> _pages;
    private readonly MimeMap _mime;
    private readonly FileCache _files;

    private SiteErrorPages(Dictionary<int, string> pages, MimeMap mime, FileCache files)
    {
        _pages = pages;
        _mime = mime;
        _files = files;
    }

    public static SiteErrorPages Build(SiteConfig site, string sitePath, MimeMap mime, FileCache files)
    {
        var pages = new Dictionary<int, string>();
        foreach (var error in site.HttpErrors) pages[error.StatusCode] = Path.GetFullPath(Path.Combine(sitePath, error.Path));
        return new SiteErrorPages(pages, mime, files);
    }

    public IReadOnlyDictionary<int, string> Pages => _pages;

    public Task SendAsync(HttpContext context, int status, int subStatus = 0)
    {
        if (subStatus != 0) ResponseMarks.SetSubStatus(context, subStatus);
        var response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a status line: the client must not take a cut answer for a whole one.
            context.Abort();
            return Task.CompletedTask;
        }
        response.StatusCode = status;
        // Whatever was set for a file that is not sent after all (custom headers, Allow and Content-Range stay).
        var headers = response.Headers;
        headers.ETag = default;
        headers.LastModified = default;
        headers.ContentEncoding = default;
        headers.CacheControl = default;
        var head = HttpMethods.IsHead(context.Request.Method);

        if (_pages.TryGetValue(status, out var page)
            && RealPath.Of(page) is { } real
            && _files.Get(real, Environment.TickCount64) is { Bytes: { } custom })
        {
            response.Headers.ContentType = _mime.TypeOf(page) ?? "text/html";
            response.ContentLength = custom.Length;
            return head ? Task.CompletedTask : response.Body.WriteAsync(custom).AsTask();
        }

        var body = BuiltIn.GetOrAdd(status * 100 + subStatus, static key => Page(key / 100, key % 100));
        response.Headers.ContentType = HtmlType;
        response.ContentLength = body.Length;
        return head ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] Page(int status, int subStatus)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var code = subStatus == 0 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status}.{subStatus}";
        var text = (status, subStatus) switch
        {
            (400, _) => "The request URL is invalid.",
            (403, 14) => "The Web server is configured to not list the contents of this directory.",
            (404, 3) => "The page you are requesting cannot be served because of the extension configuration. If the file should be downloaded, add a MIME map.",
            (404, 8) => "The request filtering module is configured to deny a path in the URL that contains a hiddenSegment section.",
            (404, 11) => "The request filtering module is configured to deny a request that contains a double escape sequence.",
            (404, _) => "The requested resource is not found.",
            (405, _) => "The page you are looking for cannot be displayed because an invalid method (HTTP verb) is being used.",
            (412, _) => "A precondition of the request is not met by the resource.",
            (416, _) => "The requested range is not satisfiable.",
            _ => "The server could not answer the request.",
        };
        return Encoding.UTF8.GetBytes(
            "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>" + reason + "</title></head>\r\n" +
            $"<body><h2>HTTP Error {code} - {reason}</h2>\r\n<hr><p>{text}</p>\r\n</body></html>\r\n");
    }
}
