using Microsoft.Extensions.Time.Testing;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

public sealed class InFlightRegistryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_running_request_is_named_with_how_long_it_has_run()
    {
        var registry = new InFlightRegistry(_time);
        registry.Add("POST", "/orders?id=7", "10.0.0.5:50211");
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        var request = Assert.Single(registry.Snapshot());
        Assert.Equal("POST", request.Method);
        Assert.Equal("/orders?id=7", request.Url);
        Assert.Equal("10.0.0.5:50211", request.Client);
        Assert.Equal(1500, request.ElapsedMs);
    }

    [Fact]
    public void A_finished_request_is_forgotten_and_a_cut_one_is_kept_for_a_while()
    {
        var registry = new InFlightRegistry(_time);
        var done = registry.Add("GET", "/done", "c:1");
        var cut = registry.Add("GET", "/crash", "c:2");
        _time.Advance(TimeSpan.FromSeconds(2));
        registry.Done(done);
        registry.Cut(cut);
        _time.Advance(TimeSpan.FromSeconds(5));
        var named = Assert.Single(registry.Snapshot());
        Assert.Equal("/crash", named.Url);
        // How long it ran before it was cut, not since.
        Assert.Equal(2000, named.ElapsedMs);
        Assert.Equal(0, registry.Running);

        _time.Advance(InFlightRegistry.CutKeptFor);
        Assert.Empty(registry.Snapshot());
    }

    [Fact]
    public void A_long_url_is_bounded()
    {
        var registry = new InFlightRegistry(_time);
        registry.Add("GET", "/" + new string('a', 10_000), "c:1");
        var url = Assert.Single(registry.Snapshot()).Url;
        Assert.Equal(InFlightRegistry.MaxUrlLength, url.Length);
        Assert.EndsWith("...", url);
    }

    [Fact]
    public void A_forwarded_request_is_named_from_its_context_with_the_client_as_address_and_port()
    {
        var registry = new InFlightRegistry(_time);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Path = "/a b";
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?q=1");
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("2001:db8::7");
        context.Connection.RemotePort = 443;
        registry.Add(context);
        var request = Assert.Single(registry.Snapshot());
        Assert.Equal(("PUT", "/a%20b?q=1", "[2001:db8::7]:443"), (request.Method, request.Url, request.Client));
        Assert.Equal("192.0.2.1:80", InFlightRegistry.ClientOf(System.Net.IPAddress.Parse("192.0.2.1").MapToIPv6(), 80));
    }
}
