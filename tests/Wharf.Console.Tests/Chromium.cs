using Microsoft.Playwright;

namespace Wharf.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright's own driver (the node it ships in its package): nothing
/// is downloaded at run time. One browser per test class; each test gets a fresh context, so no
/// cookie or session crosses from one test to the next.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool Missing => !File.Exists(Path);

    public static string MissingReason => $"{Path} is not installed (Debian's chromium package; test.sh installs it)";

    public async Task InitializeAsync()
    {
        if (Missing) return;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A new browser context (its own cookies), accepting the admin endpoint's self-signed certificate.</summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        Skip.If(Missing, MissingReason);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
