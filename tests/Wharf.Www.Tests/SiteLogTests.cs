using System.Net.Sockets;
using System.Text;
using Wharf.Config.Model;
using Wharf.TestKit;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

/// <summary>What the www service writes in a site's W3C log for requests that end unusually.</summary>
public sealed class SiteLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);

    public Task InitializeAsync()
    {
        _www.WriteFile("wwwroot/index.html", "home");
        _www.WriteFile("wwwroot/big.bin", new string('x', 256 * 1024));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _www.DisposeAsync();

    private WharfConfig OneSite(SiteLimitsConfig? limits = null) => new()
    {
        Sites = [WwwHarness.Site("Site", "wwwroot", _www.Binding()) with { Id = 1, Limits = limits ?? new() }],
    };

    private W3cLogReader Log() => W3cLogReader.ReadSite(_www.Root.Path, 1);

    [Fact]
    public async Task The_substatus_a_handler_leaves_in_the_request_items_is_logged()
    {
        await _www.StartAsync(OneSite(), requestHook: (context, next) =>
        {
            if (context.Request.Path == "/script.xyz") context.Items["wharf.substatus"] = 3;
            return next(context);
        });
        using var client = _www.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/script.xyz")).StatusCode);
        await _www.StopAsync(TimeSpan.FromSeconds(5));

        var entry = Assert.Single(Log().Entries);
        Assert.Equal(("404", "3", "0"), (entry["sc-status"], entry["sc-substatus"], entry["sc-win32-status"]));
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_response_is_logged_with_win32_status_64()
    {
        await _www.StartAsync(OneSite(new SiteLimitsConfig { MaxBandwidth = 1024 }));
        using (var raw = await RawHttpClient.ConnectAsync(_www.Port))
        {
            await raw.Socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            var buffer = new byte[1024];
            Assert.True(await raw.Socket.ReceiveAsync(buffer, SocketFlags.None) > 0);
        }
        // The drain waits for the cut request to end; the stop then writes its line.
        await _www.StopAsync(TimeSpan.FromSeconds(20));

        var entry = Assert.Single(Log().Entries);
        Assert.Equal(("/big.bin", "200", "64"), (entry["cs-uri-stem"], entry["sc-status"], entry["sc-win32-status"]));
    }
}
