using System.Net;
using Microsoft.AspNetCore.Http;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

public sealed class ForwardedHeadersTests
{
    private static (DefaultHttpContext Context, HttpRequestMessage Proxy) Request(string host, bool https, IPAddress client)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Scheme = https ? "https" : "http";
        context.Connection.RemoteIpAddress = client;
        var proxy = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");
        return (context, proxy);
    }

    private static string? One(HttpRequestMessage proxy, string name) =>
        proxy.Headers.TryGetValues(name, out var values) ? Assert.Single(values) : null;

    [Fact]
    public void What_the_client_claimed_is_dropped_and_www_says_who_the_client_is()
    {
        var (context, proxy) = Request("shop.example:8443", https: true, IPAddress.Parse("203.0.113.9"));
        proxy.Headers.TryAddWithoutValidation("X-Forwarded-For", "127.0.0.1");
        proxy.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        proxy.Headers.TryAddWithoutValidation("X-Forwarded-Host", "admin.internal");
        proxy.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/admin");
        proxy.Headers.TryAddWithoutValidation("Forwarded", "for=127.0.0.1;proto=https");

        ForwardedHeaders.Apply(context, proxy);

        Assert.Equal("203.0.113.9", One(proxy, "X-Forwarded-For"));
        Assert.Equal("https", One(proxy, "X-Forwarded-Proto"));
        Assert.Equal("shop.example:8443", One(proxy, "X-Forwarded-Host"));
        Assert.Null(One(proxy, "X-Forwarded-Prefix"));
        Assert.Null(One(proxy, "Forwarded"));
    }

    [Fact]
    public void A_plain_http_client_is_said_to_be_http()
    {
        var (context, proxy) = Request("shop.example", https: false, IPAddress.Parse("203.0.113.9"));
        proxy.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        ForwardedHeaders.Apply(context, proxy);
        Assert.Equal("http", One(proxy, "X-Forwarded-Proto"));
    }

    [Fact]
    public void An_IPv4_client_on_a_dual_stack_listener_is_written_as_IPv4()
    {
        Assert.Equal("192.0.2.1", ForwardedHeaders.ClientAddress(IPAddress.Parse("192.0.2.1").MapToIPv6()));
        Assert.Equal("2001:db8::1", ForwardedHeaders.ClientAddress(IPAddress.Parse("2001:db8::1")));
    }
}
