using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Static;

/// <summary>
/// The short pages HTTP.sys answers with when a request cannot reach a site, so that clients and
/// monitoring that know IIS see what they expect; a site's own 4xx and 5xx answers are
/// <see cref="SiteErrorPages"/>.
/// </summary>
internal static class ErrorPages
{
    private static readonly byte[] InvalidHostname = Page("Bad Request", "Bad Request - Invalid Hostname", "HTTP Error 400. The request hostname is invalid.");
    private static readonly byte[] Unavailable = Page("Service Unavailable", "Service Unavailable", "HTTP Error 503. The service is unavailable.");

    public static Task BadHostname(HttpContext context) => Write(context, StatusCodes.Status400BadRequest, InvalidHostname);

    public static Task ServiceUnavailable(HttpContext context) => Write(context, StatusCodes.Status503ServiceUnavailable, Unavailable);

    public static Task Write(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=us-ascii";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    public static byte[] Page(string title, string heading, string text) => Encoding.ASCII.GetBytes(
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\r\n" +
        $"<HTML><HEAD><TITLE>{title}</TITLE>\r\n" +
        "<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n" +
        $"<BODY><h2>{heading}</h2>\r\n<hr><p>{text}</p>\r\n</BODY></HTML>\r\n");
}
