using Microsoft.Playwright;
using Wharf.TestKit;

namespace Wharf.Console.Tests;

/// <summary>Keeps a picture of a page as a test artifact, where test.sh gathers results: .test-results/screenshots/NAME.png.</summary>
public static class Screenshots
{
    public static string Folder { get; } = System.IO.Path.Combine(WharfPaths.RepositoryRoot, ".test-results", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Folder, name + ".png"), FullPage = true });
    }
}
