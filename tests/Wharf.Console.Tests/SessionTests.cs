using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Wharf.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>Signing in and out of the console over HTTPS, and what is refused: a wrong password, a forged request.</summary>
public sealed class SessionTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    public async Task Signing_in_gives_a_strict_session_cookie_and_signing_out_revokes_it_on_the_server()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenSignInAsync(context);
        await Screenshots.TakeAsync(tab, "login");
        await Expect(tab.Locator("nav")).ToBeHiddenAsync();

        await ConsoleHost.SignInAsync(tab, ConsoleHost.Account, host.Password);
        await Expect(tab.Locator("#account")).ToHaveTextAsync(ConsoleHost.Account);
        await Expect(tab.Locator("tr[data-service='www'] .badge")).ToHaveTextAsync("Running");
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "wharf_session");
        Assert.True(cookie is { HttpOnly: true, Secure: true, SameSite: SameSiteAttribute.Strict }, $"{cookie.HttpOnly} {cookie.Secure} {cookie.SameSite}");
        // The page keeps no secret of its own: the session cookie is out of script's reach.
        Assert.DoesNotContain("wharf_session", await tab.EvaluateAsync<string>("document.cookie"));

        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(tab.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Wharf Manager" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wharf_session");
        using var client = Insecure();
        using var replay = new HttpRequestMessage(HttpMethod.Get, host.Url + "api/services");
        replay.Headers.Add("Cookie", $"wharf_session={cookie.Value}");
        using var refused = await client.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var admin = host.Wharf.Admin();
        var audit = (await admin.GetAsync("api/audit?count=100")).Body!.AsArray();
        Assert.Contains(audit, e => (string?)e!["user"] == ConsoleHost.Account && (string?)e["action"] == "login");
        Assert.Contains(audit, e => (string?)e!["user"] == ConsoleHost.Account && (string?)e["action"] == "logout");
    }

    [SkippableFact]
    public async Task A_wrong_password_is_refused_on_the_form_and_nothing_behind_it_opens()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenSignInAsync(context);

        await ConsoleHost.SignInAsync(tab, ConsoleHost.Account, host.Password + "x");
        await Expect(tab.GetByRole(AriaRole.Alert)).ToHaveTextAsync("wrong user name or password");
        await Screenshots.TakeAsync(tab, "login-refused");
        await ConsoleHost.SignInAsync(tab, "nobody-here", host.Password);
        await Expect(tab.GetByRole(AriaRole.Alert)).ToHaveTextAsync("wrong user name or password");
        await Expect(tab.Locator("nav")).ToBeHiddenAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wharf_session");
        var status = await tab.EvaluateAsync<int>("fetch('/api/services').then(r => r.status)");
        Assert.Equal(401, status);
    }

    [SkippableFact]
    public async Task A_forged_request_is_refused_without_the_csrf_token_and_from_another_site_and_changes_nothing()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        var www = await host.Wharf.ServicePidAsync("www");
        // A page on another origin (the web site itself) that posts to the admin endpoint on load.
        File.WriteAllText(Path.Combine(host.Wharf.Root, "wwwroot", "forged.html"), $$"""
            <form id="f" method="post" action="{{host.Url}}api/services/www/stop" enctype="text/plain">
              <input name='{"x":"' value='"}'>
            </form>
            <script>document.getElementById('f').submit();</script>
            """);
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenAsync(context);

        // The session's own page, but a request without its token (as script injected elsewhere would send).
        var bare = await tab.EvaluateAsync<JsonElement>("""
            fetch('/api/services/www/stop', { method: 'POST', credentials: 'same-origin' })
              .then(async r => ({ status: r.status, body: await r.json() }))
            """);
        Assert.Equal(403, bare.GetProperty("status").GetInt32());
        Assert.Equal("missing or wrong CSRF token", bare.GetProperty("body").GetProperty("error").GetString());
        var wrong = await tab.EvaluateAsync<int>("""
            fetch('/api/services/www/stop', { method: 'POST', credentials: 'same-origin', headers: { 'X-Wharf-Csrf': 'guessed' } }).then(r => r.status)
            """);
        Assert.Equal(403, wrong);

        // From another site, in the same browser with the session open: the cookie is not even sent.
        var forged = await context.NewPageAsync();
        var answer = forged.WaitForResponseAsync(r => r.Url.StartsWith(host.Url + "api/services/www/stop", StringComparison.Ordinal));
        await forged.GotoAsync($"{host.Wharf.BaseUrl}/forged.html");
        var response = await answer;
        Assert.True(response.Status is 401 or 403, $"{response.Status} {await response.TextAsync()}");

        Assert.Equal(www, await host.Wharf.ServicePidAsync("www"));
        Assert.Equal("Running", (string?)(await host.Wharf.ServiceStatusAsync("www"))["state"]);
    }

    [SkippableFact]
    public async Task A_read_account_sees_the_pages_with_every_change_disabled_and_the_api_refuses_one_all_the_same()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        var passwordFile = Path.Combine(host.Wharf.Root, "reader-password");
        File.WriteAllText(passwordFile, "a long enough reader password\n");
        var added = await host.Wharf.CliAsync("admin", "user", "add", "reader", "--role", "read", "--password-file", passwordFile);
        Assert.True(added.ExitCode == 0, added.ToString());
        await using var context = await chromium.NewContextAsync();
        var tab = await host.OpenSignInAsync(context);

        await ConsoleHost.SignInAsync(tab, "reader", "a long enough reader password");
        await Expect(tab.Locator("#account")).ToHaveTextAsync("reader (read only)");
        await Expect(tab.Locator("tr[data-service='www'] .badge")).ToHaveTextAsync("Running");
        await Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Restart Wharf…" })).ToBeDisabledAsync();
        await Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Stop www" })).ToBeDisabledAsync();
        await ConsoleHost.GoToAsync(tab, "sites");
        await Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Stop site Default Web Site" })).ToBeDisabledAsync();
        await Screenshots.TakeAsync(tab, "sites-read-only");

        // With its own session and CSRF token, a read account's change is still refused by the API.
        var status = await tab.EvaluateAsync<int>("""
            fetch('/api/session').then(r => r.json()).then(s =>
              fetch('/api/services/www/stop', { method: 'POST', headers: { 'X-Wharf-Csrf': s.csrf } })).then(r => r.status)
            """);
        Assert.Equal(403, status);
        Assert.Equal("Running", (string?)(await host.Wharf.ServiceStatusAsync("www"))["state"]);
    }

    [SkippableFact]
    public async Task Through_admin_sock_the_console_needs_no_sign_in_and_offers_no_sign_out()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await context.NewPageAsync();
        ConsoleErrors.Watch(tab);

        await tab.GotoAsync(host.LocalUrl + "#/services");
        await Expect(tab.Locator("#account")).ToHaveTextAsync("unix:root");
        await Expect(tab.Locator("tr[data-service='www'] .badge")).ToHaveTextAsync("Running");
        await Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
    }

    private static HttpClient Insecure() =>
        new(new SocketsHttpHandler { UseCookies = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
}
