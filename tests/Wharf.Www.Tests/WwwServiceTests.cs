using System.Net;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

public sealed class WwwServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);

    public Task InitializeAsync()
    {
        _www.WriteFile("wwwroot/index.html", "default site");
        _www.WriteFile("wwwroot/docs/readme.txt", "read me");
        _www.WriteFile("siteb/index.html", "site b");
        _www.WriteFile("sitec/index.html", "site c");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _www.DisposeAsync();

    private WharfConfig ThreeSites(SiteState c = SiteState.Started) => new()
    {
        Version = 1,
        Sites =
        [
            WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding()),
            WwwHarness.Site("B", "siteb", _www.Binding("b.example")),
            WwwHarness.Site("C", "sitec", _www.Binding("c.example")) with { State = c },
        ],
    };

    private async Task<HttpResponseMessage> GetAsync(string path, string? host = null)
    {
        using var client = _www.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Serves_the_default_document()
    {
        await _www.StartAsync(ThreeSites());
        var response = await GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default site", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Default_documents_are_tried_in_the_sites_order()
    {
        _www.WriteFile("ordered/index.html", "index");
        _www.WriteFile("ordered/home.htm", "home");
        await _www.StartAsync(new WharfConfig
        {
            Sites = [WwwHarness.Site("Ordered", "ordered", _www.Binding()) with { DefaultDocuments = ["home.htm", "index.html"] }],
        });
        Assert.Equal("home", await (await GetAsync("/")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Serves_static_files_and_404s_unknown_paths()
    {
        await _www.StartAsync(ThreeSites());
        Assert.Equal("read me", await (await GetAsync("/docs/readme.txt")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/nothing-here.html")).StatusCode);
        // A folder with no default document and directory browsing off (the default): 403.14, as IIS.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/docs/")).StatusCode);
    }

    [Fact]
    public async Task Folder_without_trailing_slash_redirects_as_IIS_does()
    {
        _www.WriteFile("wwwroot/docs/index.html", "docs");
        await _www.StartAsync(ThreeSites());
        var response = await GetAsync("/docs");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.EndsWith("/docs/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Routes_by_host_name()
    {
        await _www.StartAsync(ThreeSites());
        Assert.Equal("site b", await (await GetAsync("/", "b.example")).Content.ReadAsStringAsync());
        Assert.Equal("site b", await (await GetAsync("/", $"B.Example:{_www.Port}")).Content.ReadAsStringAsync());
        Assert.Equal("default site", await (await GetAsync("/", "elsewhere.example")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stopped_site_gets_503()
    {
        await _www.StartAsync(ThreeSites(c: SiteState.Stopped));
        var response = await GetAsync("/", "c.example");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Service Unavailable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_host_gets_400_Invalid_Hostname()
    {
        await _www.StartAsync(new WharfConfig { Sites = [WwwHarness.Site("B", "siteb", _www.Binding("b.example"))] });
        var response = await GetAsync("/", "nobody.example");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Bad Request - Invalid Hostname", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Binding_on_another_local_address_does_not_answer()
    {
        // The port's socket is the wildcard one; the site is bound to an address this request did not reach.
        await _www.StartAsync(new WharfConfig
        {
            Sites =
            [
                WwwHarness.Site("B", "siteb", _www.Binding("b.example", address: "*")),
                WwwHarness.Site("Elsewhere", "wwwroot", _www.Binding(address: "192.0.2.1")),
            ],
        });
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/", "other.example")).StatusCode);
        Assert.Equal("site b", await (await GetAsync("/", "b.example")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Apply_swaps_sites_in_place_on_the_same_connection()
    {
        await _www.StartAsync(ThreeSites());
        using var client = await _www.ConnectAsync();
        await client.SendAsync("/", "c.example");
        Assert.Equal("site c", (await client.ReadResponseAsync()).Body);

        var result = await _www.Service.ApplyAsync(ThreeSites(c: SiteState.Stopped) with { Version = 2 }, 2, CancellationToken.None);

        Assert.Equal(ApplyResult.Applied, result);
        Assert.Equal(2, _www.Service.Sites!.ConfigVersion);
        await client.SendAsync("/", "c.example");
        var after = await client.ReadResponseAsync();
        Assert.Equal(503, after.Status);
        Assert.NotEqual("close", after.Connection);
    }

    [Fact]
    public async Task Apply_with_another_port_needs_a_restart()
    {
        await _www.StartAsync(ThreeSites());
        var moved = ThreeSites() with
        {
            Sites = [WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding() with { Port = _www.Port + 1 })],
        };
        Assert.Equal(ApplyResult.RestartNeeded, await _www.Service.ApplyAsync(moved, 2, CancellationToken.None));
        Assert.Equal(1, _www.Service.Sites!.ConfigVersion);
    }

    [Fact]
    public async Task Figures_count_open_connections()
    {
        await _www.StartAsync(ThreeSites());
        Assert.Equal(0, _www.Service.GetFigures().Connections);
        using var first = await _www.ConnectAsync();
        using var second = await _www.ConnectAsync();
        foreach (var client in new[] { first, second })
        {
            await client.SendAsync("/");
            await client.ReadResponseAsync();
        }
        Assert.Equal(2, _www.Service.GetFigures().Connections);

        first.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        Assert.True(await first.ClosedByServerAsync());
        await Eventually(() => _www.Service.GetFigures().Connections == 1);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
