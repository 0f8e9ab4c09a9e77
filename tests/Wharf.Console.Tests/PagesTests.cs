using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Wharf.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>Every page in a real browser: drawn without a script error on a laptop and a phone, and kept as screenshots.</summary>
public sealed class PagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly string[] Pages = ["services", "sites", "pools", "charts", "history", "logs"];

    [SkippableFact]
    public async Task Every_page_draws_without_a_script_error_or_a_policy_refusal_on_a_laptop_and_a_phone()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        foreach (var (device, viewport) in new[] { ("laptop", new ViewportSize { Width = 1280, Height = 860 }), ("phone", new ViewportSize { Width = 390, Height = 844 }) })
        {
            await using var context = await chromium.NewContextAsync(viewport);
            var tab = await host.OpenAsync(context);
            foreach (var page in Pages)
            {
                await ConsoleHost.GoToAsync(tab, page);
                await Expect(tab.Locator(".page .loading")).ToHaveCountAsync(0);
                await Expect(tab.Locator(".page h1")).ToBeVisibleAsync();
                await Screenshots.TakeAsync(tab, $"{page}-{device}");
            }
            // A dialog holds the focus and closes with Escape, handing the focus back to what opened it.
            await ConsoleHost.GoToAsync(tab, "sites");
            var add = tab.GetByRole(AriaRole.Button, new() { Name = "Add site…" });
            await add.ClickAsync();
            var dialog = tab.GetByRole(AriaRole.Dialog, new() { Name = "Add a site" });
            await Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
            await tab.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(add).ToBeFocusedAsync();

            var errors = ConsoleErrors.Of(tab).Where(e => !e.Contains("Failed to load resource", StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors));
        }
    }

    [SkippableFact]
    public async Task A_site_is_stopped_and_started_from_its_page_and_answers_503_between()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "sites");
        var site = tab.Locator("section.site[data-site='Default Web Site']");

        await site.GetByRole(AriaRole.Button, new() { Name = "Stop site Default Web Site" }).ClickAsync();
        var confirm = tab.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Stop the site Default Web Site?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();
        await Expect(site.Locator("h2 .badge")).ToHaveTextAsync("stopped");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Http.GetFreshAsync(host.Wharf.BaseUrl)).Status);
        await Screenshots.TakeAsync(tab, "sites-stopped");

        await site.GetByRole(AriaRole.Button, new() { Name = "Start site Default Web Site" }).ClickAsync();
        await Expect(site.Locator("h2 .badge")).ToHaveTextAsync("started");
        var served = await Http.GetFreshAsync(host.Wharf.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Contains("hello from wharf", served.Body);
    }

    [SkippableFact]
    public async Task A_site_and_a_virtual_directory_added_in_their_dialogs_are_served()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        var shop = Path.Combine(host.Wharf.Root, "shop");
        Directory.CreateDirectory(Path.Combine(shop, "..", "pictures"));
        File.WriteAllText(Path.Combine(shop, "..", "pictures", "cat.txt"), "a cat\n");
        Directory.CreateDirectory(shop);
        File.WriteAllText(Path.Combine(shop, "index.html"), "the shop\n");
        var port = FreePort.Next();
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "sites");

        await tab.GetByRole(AriaRole.Button, new() { Name = "Add site…" }).ClickAsync();
        var dialog = tab.GetByRole(AriaRole.Dialog, new() { Name = "Add a site" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Shop");
        await dialog.GetByLabel("Physical path").FillAsync("shop");
        await dialog.GetByLabel("Address").FillAsync("127.0.0.1");
        await dialog.GetByLabel("Port").FillAsync(port.ToString());
        await Screenshots.TakeAsync(tab, "sites-add-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add site" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var section = tab.Locator("section.site[data-site='Shop']");
        await Expect(section).ToContainTextAsync($"http://127.0.0.1:{port}");
        var served = await Http.GetFreshAsync($"http://127.0.0.1:{port}/");
        Assert.Equal((HttpStatusCode.OK, "the shop\n"), served);

        await section.GetByRole(AriaRole.Button, new() { Name = "Add virtual directory…" }).ClickAsync();
        var vdir = tab.GetByRole(AriaRole.Dialog);
        await vdir.GetByLabel("URL path").FillAsync("/pictures");
        await vdir.GetByLabel("Physical path").FillAsync("pictures");
        await vdir.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(section.Locator("td code", new() { HasTextString = "/pictures" })).ToBeVisibleAsync();
        Assert.Equal((HttpStatusCode.OK, "a cat\n"), await Http.GetFreshAsync($"http://127.0.0.1:{port}/pictures/cat.txt"));

        using var admin = host.Wharf.Admin();
        var config = (await admin.GetAsync("api/config")).Body!;
        var added = config["sites"]!.AsArray().Single(s => (string?)s!["name"] == "Shop")!;
        Assert.Equal(2, (long)added["id"]!);
        Assert.Equal("/pictures", (string?)added["virtualDirectories"]![0]!["path"]);
    }

    [SkippableFact]
    public async Task A_rollback_from_the_history_page_shows_the_diff_side_by_side_and_commits_the_old_content()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        using var admin = host.Wharf.Admin();
        var changed = await admin.PutAsync("/sites/0/defaultDocuments", new JsonArray("home.html"));
        Assert.True(changed.Status == HttpStatusCode.OK, changed.ToString());
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context, "history");

        // The newest two versions are compared as the page opens: version 1 on the left, 2 on the right.
        var row = tab.Locator("table tr[data-path='/sites/0/defaultDocuments']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td.new")).ToContainTextAsync("home.html");
        await Expect(tab.Locator(".diff thead")).ToContainTextAsync("Version 1");
        await Screenshots.TakeAsync(tab, "history-diff");

        await tab.GetByRole(AriaRole.Button, new() { Name = "Roll back to version 1" }).ClickAsync();
        await tab.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(tab.Locator("tr[data-version='3'] .badge")).ToHaveTextAsync("current");

        var now = await admin.GetAsync("api/config");
        Assert.Equal(3, now.ETag);
        Assert.Null(now.Body!["sites"]![0]!["defaultDocuments"]);
        var audit = (await admin.GetAsync("api/audit")).Body!.AsArray();
        Assert.Equal("rollback", (string?)audit[^1]!["action"]);

        await tab.Locator("#diff-from").SelectOptionAsync("2");
        await tab.Locator("#diff-to").SelectOptionAsync("3");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        await Expect(row.Locator("td.old")).ToContainTextAsync("home.html");
        await Expect(row).ToContainTextAsync("remove");

        // The Logs page shows who did it: the audit line names the signed-in account.
        await ConsoleHost.GoToAsync(tab, "logs");
        await tab.GetByLabel("Log", new() { Exact = true }).SelectOptionAsync("audit");
        await tab.GetByLabel("Kind").SelectOptionAsync("rollback");
        var line = tab.Locator("tr[data-kind='rollback']");
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line).ToContainTextAsync(ConsoleHost.Account);
        await Expect(tab.Locator("tr[data-kind]")).ToHaveCountAsync(1);
        await Screenshots.TakeAsync(tab, "logs-audit-rollback");
    }
}
