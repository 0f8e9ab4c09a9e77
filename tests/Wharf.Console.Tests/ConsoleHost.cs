using Microsoft.Playwright;
using Wharf.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Console.Tests;

/// <summary>
/// A real `wharf serve` and its console: over HTTPS on the admin endpoint (a free loopback port,
/// the host's self-signed certificate), signed in as the initial account `admin`, whose password
/// the first start wrote to state/initial-admin-password.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    public const string Account = "admin";

    private AdminTunnel? _tunnel;

    private ConsoleHost(WharfHost wharf) => Wharf = wharf;

    public WharfHost Wharf { get; }

    public string Url => Wharf.AdminUrl + "/";

    public string Password => File.ReadAllText(Path.Combine(Wharf.Root, "state", "initial-admin-password")).Trim();

    /// <summary>The console through run/admin.sock, carried from a loopback port as `ssh -L` would carry it.</summary>
    public string LocalUrl => $"http://127.0.0.1:{(_tunnel ??= new AdminTunnel(Path.Combine(Wharf.Root, "run", "admin.sock"))).Port}/";

    /// <summary>Starts <paramref name="prepared"/> (a data root from WharfHost.Prepare or PoolSetup.Prepare).</summary>
    public static async Task<ConsoleHost> StartAsync(WharfHost? prepared = null)
    {
        var wharf = prepared ?? WharfHost.Prepare();
        try
        {
            await wharf.StartAsync();
        }
        catch
        {
            await wharf.DisposeAsync();
            throw;
        }
        return new ConsoleHost(wharf);
    }

    /// <summary>A tab on the console's sign-in form.</summary>
    public async Task<IPage> OpenSignInAsync(IBrowserContext context)
    {
        var tab = await context.NewPageAsync();
        ConsoleErrors.Watch(tab);
        await tab.GotoAsync(Url);
        await Expect(tab.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Wharf Manager" })).ToBeVisibleAsync();
        return tab;
    }

    public static async Task SignInAsync(IPage tab, string user, string password)
    {
        await tab.GetByLabel("User name").FillAsync(user);
        await tab.GetByLabel("Password").FillAsync(password);
        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens the console, signs in as <see cref="Account"/> and goes to <paramref name="page"/>.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string page = "services")
    {
        var tab = await OpenSignInAsync(context);
        await SignInAsync(tab, Account, Password);
        await Expect(tab.Locator("#account")).ToHaveTextAsync(Account);
        if (page != "services") await GoToAsync(tab, page);
        await Expect(tab.Locator($"nav a[data-page='{page}']")).ToHaveAttributeAsync("aria-current", "page");
        return tab;
    }

    /// <summary>Goes to a page by its navigation link, as a user would.</summary>
    public static async Task GoToAsync(IPage tab, string page)
    {
        // On a phone the navigation folds behind its button.
        var toggle = tab.Locator("#nav-toggle");
        if (await toggle.IsVisibleAsync() && await toggle.GetAttributeAsync("aria-expanded") != "true") await toggle.ClickAsync();
        await tab.Locator($"nav a[data-page='{page}']").ClickAsync();
        await Expect(tab.Locator($".page[data-page='{page}']")).ToBeVisibleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _tunnel?.Dispose();
        await Wharf.DisposeAsync();
    }
}
