using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Logging;

/// <summary>
/// sc-bytes and cs-bytes, as near as the www service can see them: Kestrel does not tell an
/// application how many bytes a request and its response took on the wire, so the heads are
/// reckoned from the headers (as HTTP/1.1 would write them) and the bodies are counted (the
/// response's) or taken from Content-Length (the request's).
/// </summary>
internal static class ByteCounts
{
    public static long Received(HttpRequest request)
    {
        // "GET /path?query HTTP/1.1\r\n", the headers, "\r\n", the body.
        long bytes = request.Method.Length + 1 + (request.PathBase.Value?.Length ?? 0);
        bytes += (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) + 1 + request.Protocol.Length + 2;
        bytes += HeaderBytes(request.Headers) + 2;
        return bytes + (request.ContentLength ?? 0);
    }

    public static long Sent(HttpResponse response, long bodyBytes)
    {
        // "HTTP/1.1 200 OK\r\n": the reason phrase is short; 20 bytes cover the line.
        return 20 + HeaderBytes(response.Headers) + 2 + bodyBytes;
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long bytes = 0;
        foreach (var (name, values) in headers)
            foreach (var value in values)
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
        return bytes;
    }
}
