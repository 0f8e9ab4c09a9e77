using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Static;

/// <summary>
/// The listing of a folder with no default document when the site allows directory browsing
/// (IIS's directoryBrowse: date, time, size, name). Names are HTML-escaped and links
/// percent-encoded; hidden segments (bin, App_Data, web.config ...) and links leading out of
/// the mapped folder are left out, since they would not be served.
/// </summary>
internal static class DirectoryListing
{
    public static Task SendAsync(HttpContext context, string folder, string realRoot)
    {
        var body = Encoding.UTF8.GetBytes(Html(context.Request.Host.Value ?? "", context.Request.Path.Value ?? "/", folder, realRoot));
        var response = context.Response;
        response.Headers.ContentType = "text/html; charset=utf-8";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    internal static string Html(string host, string urlPath, string folder, string realRoot)
    {
        var title = WebUtility.HtmlEncode($"{host} - {urlPath}");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title></head>\r\n<body><h1>")
            .Append(title).Append("</h1><hr>\r\n<pre>");
        if (urlPath != "/") html.Append("<a href=\"../\">[To Parent Directory]</a>\r\n\r\n");

        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .Where(e => Listed(e, realRoot))
            .OrderBy(e => e is FileInfo)
            .ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var isFolder = entry is DirectoryInfo;
            var size = entry is FileInfo file ? file.Length.ToString(CultureInfo.InvariantCulture) : "&lt;dir&gt;";
            var href = Uri.EscapeDataString(entry.Name) + (isFolder ? "/" : "");
            html.Append(entry.LastWriteTimeUtc.ToString("yyyy-MM-dd  HH:mm", CultureInfo.InvariantCulture))
                .Append(' ', 2).Append(size.PadLeft(isFolder ? 18 : 12))
                .Append(" <a href=\"").Append(href).Append("\">").Append(WebUtility.HtmlEncode(entry.Name)).Append("</a>\r\n");
        }
        html.Append("</pre><hr></body></html>\r\n");
        return html.ToString();
    }

    private static bool Listed(FileSystemInfo entry, string realRoot)
    {
        if (UrlPathGuard.Check("/" + entry.Name) != PathVerdict.Ok) return false;
        if (entry.LinkTarget is null) return true;
        return RealPath.Of(entry.FullName) is { } real && RealPath.IsInside(real, realRoot);
    }
}
