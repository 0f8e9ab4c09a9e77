using Microsoft.Playwright;
using Wharf.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>The Services page and the Restart dialog, followed to their end in a real browser.</summary>
public sealed class RestartTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task A_restart_from_the_dialog_is_followed_to_its_result_while_a_bounded_load_gets_no_failure()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        var oldPid = await host.Wharf.ServicePidAsync("www");
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "services");
        await Expect(tab.Locator("tr[data-service='www'] .badge")).ToHaveTextAsync("Running");

        using var stop = new CancellationTokenSource();
        var load = new BoundedLoad();
        var loading = load.RunAsync(host.Wharf.BaseUrl + "/", stop.Token, loops: 4, maxRequests: 200_000, maxTime: TimeSpan.FromSeconds(120));
        await load.ReachedAsync(200);

        await tab.GetByRole(AriaRole.Button, new() { Name = "Restart Wharf…" }).ClickAsync();
        var dialog = tab.GetByRole(AriaRole.Dialog, new() { Name = "Restart Wharf" });
        await Expect(dialog.GetByLabel("Restart Internet services on this host")).ToBeCheckedAsync();
        await dialog.GetByLabel("Time to wait for services to stop (seconds)").FillAsync("20");
        await Screenshots.TakeAsync(tab, "restart-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();

        var result = dialog.Locator(".result[data-ok]");
        await Expect(result).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Screenshots.TakeAsync(tab, "restart-result");
        var before = load.Requests;
        await load.ReachedAsync(before + 200);
        await stop.CancelAsync();
        await loading;

        Assert.Equal("true", await result.GetAttributeAsync("data-ok"));
        Assert.Equal("false", await result.GetAttributeAsync("data-forced"));
        Assert.Equal("0", await result.GetAttributeAsync("data-exit-code"));
        await Expect(dialog.Locator("li[data-service='www']")).ToBeVisibleAsync();
        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Requests} requests failed: {string.Join("; ", load.Failures.Take(10))}");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var newPid = await host.Wharf.ServicePidAsync("www");
        Assert.NotEqual(oldPid, newPid);
        await Expect(tab.Locator("tr[data-service='www'] td").Nth(2)).ToHaveTextAsync(newPid.ToString());
    }

    [SkippableFact]
    public async Task End_now_forces_a_restart_that_waits_on_a_service_ignoring_its_stop()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        var frozen = await host.Wharf.ServicePidAsync("www");
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "services");
        await Expect(tab.Locator("tr[data-service='www'] .badge")).ToHaveTextAsync("Running");
        // From outside, as a hung process does: it reads nothing, so it never drains.
        Misbehave.Freeze(frozen);

        await tab.GetByRole(AriaRole.Button, new() { Name = "Restart Wharf…" }).ClickAsync();
        var dialog = tab.GetByRole(AriaRole.Dialog, new() { Name = "Restart Wharf" });
        await dialog.GetByLabel("Time to wait for services to stop (seconds)").FillAsync("300");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();

        // The old www is draining (it cannot finish): its progress line is shown, and End now is offered.
        await Expect(dialog.Locator("li[data-service='www'] .left")).ToContainTextAsync("s left", new() { Timeout = 60_000 });
        await Screenshots.TakeAsync(tab, "restart-draining");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "End now" }).ClickAsync();

        var result = dialog.Locator(".result[data-ok]");
        await Expect(result).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Screenshots.TakeAsync(tab, "restart-ended-now");
        Assert.Equal("true", await result.GetAttributeAsync("data-forced"));
        Assert.Equal(ExitCodeForced, await result.GetAttributeAsync("data-exit-code"));
        Assert.False(Alive(frozen), $"the frozen www (pid {frozen}) is still there");
        Assert.NotEqual(frozen, await host.Wharf.ServicePidAsync("www"));
    }

    // docs/exit-codes.md: a reset that had to kill a process at its deadline (or at End now).
    private const string ExitCodeForced = "3";

    private static bool Alive(int pid)
    {
        try { return !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z'); }
        catch (IOException) { return false; }
    }
}
