using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Tests.Pools.Fast;

public sealed class RequestHeadWriterTests
{
    private static DefaultHttpContext Context(string method = "GET", string path = "/app/page", string query = "?q=1", string? rawTarget = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        request.Path = path;
        request.QueryString = new QueryString(query);
        request.Host = new HostString("shop.example:8080");
        request.Scheme = "http";
        request.Protocol = "HTTP/1.0";
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:203.0.113.9");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget ?? path + query;
        return context;
    }

    private static string Write(HttpContext context)
    {
        using var head = new HeadBuffer(16);
        RequestHeadWriter.Write(context, head);
        return Encoding.Latin1.GetString(head.Written.Span);
    }

    [Fact]
    public void The_request_goes_as_HTTP_1_1_with_the_clients_host_its_end_to_end_headers_and_www_s_forwarded_headers()
    {
        var context = Context();
        var headers = context.Request.Headers;
        headers.Accept = "text/html";
        headers.Append("Cookie", "a=1");
        headers.Append("Cookie", "b=2");
        headers.Append("X-Multi", new(["1", "2"]));
        headers.Connection = "keep-alive, X-Hop";
        headers["X-Hop"] = "dropped";
        headers["Keep-Alive"] = "timeout=5";
        headers["TE"] = "trailers";
        headers["Proxy-Authorization"] = "Basic secret";
        headers["X-Forwarded-For"] = "6.6.6.6";
        headers["X-Forwarded-Host"] = "admin.internal";
        headers["Forwarded"] = "for=6.6.6.6";

        var text = Write(context);

        Assert.StartsWith("GET /app/page?q=1 HTTP/1.1\r\nHost: shop.example:8080\r\n", text);
        Assert.EndsWith("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shop.example:8080\r\n\r\n", text);
        Assert.Contains("\r\nAccept: text/html\r\n", text);
        Assert.Contains("\r\nCookie: a=1; b=2\r\n", text);
        Assert.Contains("\r\nX-Multi: 1, 2\r\n", text);
        foreach (var dropped in new[] { "X-Hop", "Keep-Alive", "TE:", "Proxy-Authorization", "6.6.6.6", "admin.internal", "Forwarded:", "Connection" })
            Assert.DoesNotContain(dropped, text);
        // Request.Host is the Host header: written once, first.
        Assert.Single(text.Split("\r\n"), line => line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_body_s_length_is_written_by_www()
    {
        var context = Context("POST");
        context.Request.ContentLength = 12;
        context.Request.Headers["Transfer-Encoding"] = "chunked";
        var text = Write(context);
        Assert.Contains("\r\nContent-Length: 12\r\n", text);
        Assert.DoesNotContain("Transfer-Encoding", text);
    }

    [Fact]
    public void The_target_is_the_clients_own_when_it_says_what_www_routed_on()
    {
        Assert.Equal("/app/a%20b?x=%2F", RequestHeadWriter.Target(Context(path: "/app/a b", query: "?x=%2F", rawTarget: "/app/a%20b?x=%2F")));
        Assert.Equal("/app/page?q=1", RequestHeadWriter.Target(Context()));
    }

    [Fact]
    public void A_target_www_normalized_goes_as_www_routed_it()
    {
        // Kestrel removed the dot segments: the worker must see the path the pool was chosen by.
        Assert.Equal("/app/page?q=1", RequestHeadWriter.Target(Context(rawTarget: "/other/../app/page?q=1")));
    }
}
