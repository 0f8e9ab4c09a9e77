using System.Net;
using Microsoft.Playwright;
using Wharf.TestKit;
using Wharf.TestKit.Pools;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>The application pools page with a real worker program (tests/WorkerApps/python).</summary>
public sealed class PoolsTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task Recycling_a_pool_from_its_page_replaces_its_worker_and_the_page_shows_the_new_one()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync(PoolSetup.Prepare(WorkerApps.Python()));
        // Workers start on demand: the first request starts one.
        var first = await Http.GetFreshAsync($"{host.Wharf.BaseUrl}/pid");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var oldPid = int.Parse(first.Body.Trim());
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "pools");

        var worker = tab.Locator($"tr[data-pid='{oldPid}']");
        await Expect(worker).ToContainTextAsync(PoolSetup.Pool);
        await Expect(worker.Locator(".badge")).ToHaveTextAsync("active");
        await Screenshots.TakeAsync(tab, "pools-with-worker");

        await tab.GetByRole(AriaRole.Button, new() { Name = $"Recycle pool {PoolSetup.Pool}" }).ClickAsync();
        var confirm = tab.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync($"Recycle the workers of {PoolSetup.Pool}?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Recycle" }).ClickAsync();

        // The page refreshes on its own: the old worker leaves it and a new one, active, takes its place.
        await Expect(worker).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var replacement = tab.Locator("tr[data-worker]", new() { Has = tab.Locator(".badge[data-state='active']") });
        await Expect(replacement).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        var newPid = int.Parse((await replacement.GetAttributeAsync("data-pid"))!);
        Assert.NotEqual(oldPid, newPid);
        Assert.Equal(newPid.ToString(), (await Http.GetFreshAsync($"{host.Wharf.BaseUrl}/pid")).Body.Trim());
        await Expect(tab.Locator($"tr[data-pool='{PoolSetup.Pool}'] td").Nth(5)).ToHaveTextAsync("1");
    }
}
