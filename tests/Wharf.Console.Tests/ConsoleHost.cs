using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wharf.TestKit;

namespace Wharf.Console.Tests;

/// <summary>A real `wharf serve` and the address its console answers at, with a way in for a browser.</summary>
public sealed partial class ConsoleHost : IAsyncDisposable
{
    private readonly AdminTunnel _tunnel;

    private ConsoleHost(WharfHost wharf)
    {
        Wharf = wharf;
        _tunnel = new AdminTunnel(Path.Combine(wharf.Root, "run", "admin.sock"));
    }

    public WharfHost Wharf { get; }

    public string Url => $"http://127.0.0.1:{_tunnel.Port}/";

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

    /// <summary>Opens the console on <paramref name="page"/> (a tab of a fresh context) and waits for the first page.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string page = "services")
    {
        var tab = await context.NewPageAsync();
        ConsoleErrors.Watch(tab);
        await tab.GotoAsync($"{Url}#/{page}");
        await Assertions.Expect(tab.Locator($"nav a[data-page='{page}']")).ToHaveAttributeAsync("aria-current", "page");
        return tab;
    }

    /// <summary>Goes to a page by its navigation link, as a user would.</summary>
    public static async Task GoToAsync(IPage tab, string page)
    {
        // On a phone the navigation folds behind its button.
        var toggle = tab.Locator("#nav-toggle");
        if (await toggle.IsVisibleAsync() && await toggle.GetAttributeAsync("aria-expanded") != "true") await toggle.ClickAsync();
        await tab.Locator($"nav a[data-page='{page}']").ClickAsync();
        await Assertions.Expect(tab.Locator($".page[data-page='{page}']")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"\s+")]
    public static partial Regex Spaces();

    public async ValueTask DisposeAsync()
    {
        _tunnel.Dispose();
        await Wharf.DisposeAsync();
    }
}
