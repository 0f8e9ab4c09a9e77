using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>The live charts, drawn from /api/metrics/history, under a real load.</summary>
public sealed class ChartsTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task The_charts_move_under_load_requests_and_2xx_rise_above_zero()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "charts");
        var requests = tab.Locator("figure[data-chart='requests'] polyline[data-series='requests']");
        await Expect(requests).ToHaveCountAsync(1);
        // Before the load, the site has served nothing: the line, if any, lies at zero.
        Assert.Contains(await requests.GetAttributeAsync("data-last"), new[] { "", "0" });

        using var stop = new CancellationTokenSource();
        var load = new BoundedLoad();
        var loading = load.RunAsync(host.Wharf.BaseUrl + "/", stop.Token, loops: 2, maxRequests: 500_000, maxTime: TimeSpan.FromSeconds(90));
        try
        {
            // A sample every 5 s and a refresh every 5 s: the line rises within a few of each.
            await Expect(requests).ToHaveAttributeAsync("data-last", new System.Text.RegularExpressions.Regex(@"^[1-9]\d*(\.\d+)?$|^0\.\d*[1-9]"), new() { Timeout = 45_000 });
            await Expect(tab.Locator("figure[data-chart='status'] polyline[data-series='2xx']")).ToHaveAttributeAsync("data-last", new System.Text.RegularExpressions.Regex(@"^[1-9]|^0\.\d*[1-9]"));
            await Expect(tab.Locator("figure[data-chart='bytes'] polyline[data-series='sent']")).ToHaveAttributeAsync("data-last", new System.Text.RegularExpressions.Regex(@"^[1-9]"));
            await Screenshots.TakeAsync(tab, "charts-under-load");
        }
        catch (PlaywrightException e)
        {
            using var admin = host.Wharf.Admin();
            var history = await admin.GetAsync("api/metrics/history?minutes=60");
            throw new Xunit.Sdk.XunitException($"{e.Message}\nafter {load.Requests} requests ({load.Failures.Count} failed); the history says {history}");
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }
        Assert.Empty(load.Failures);
    }
}
