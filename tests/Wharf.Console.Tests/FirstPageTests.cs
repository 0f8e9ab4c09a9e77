using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Wharf.TestKit;
using Xunit.Abstractions;

namespace Wharf.Console.Tests;

/// <summary>How soon the first page can be used: no chain of requests, and the time measured in the browser.</summary>
public sealed class FirstPageTests(Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    // Issue 11: interactive in under 200 ms on loopback.
    private const double BudgetMs = 200;

    [SkippableFact]
    public async Task The_sign_in_form_needs_one_round_of_requests_after_the_page_and_under_100_KB()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        await using var host = await ConsoleHost.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var tab = await OpenColdAsync(context, host);

        var entries = await tab.EvaluateAsync<JsonElement>(
            "performance.getEntriesByType('resource').map(e => ({ name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, bytes: e.decodedBodySize }))");
        var requests = entries.EnumerateArray().Select(e => (Path: e.GetProperty("name").GetString()!, Start: e.GetProperty("start").GetDouble(),
            End: e.GetProperty("end").GetDouble(), Bytes: e.GetProperty("bytes").GetInt64())).ToArray();
        // Every module and the session are asked for by index.html itself (modulepreload, preload):
        // each request starts before the first module has even arrived, so none waited for another.
        var critical = requests.Where(r => r.Path.EndsWith(".js", StringComparison.Ordinal) || r.Path.StartsWith("/api/", StringComparison.Ordinal)).ToArray();
        var firstArrival = critical.Where(r => r.Path.EndsWith(".js", StringComparison.Ordinal)).Min(r => r.End);
        var chained = critical.Where(r => r.Start >= firstArrival).ToArray();
        Assert.True(chained.Length == 0, $"asked for only after a module had arrived (at {firstArrival:0} ms): " + string.Join(", ", chained.Select(c => $"{c.Path} at {c.Start:0} ms")));
        Assert.Single(requests, r => r.Path == "/api/session");
        var total = requests.Where(r => r.Path.StartsWith("/assets/", StringComparison.Ordinal)).Sum(r => r.Bytes);
        Assert.True(total < 100_000, $"the console's files are {total} bytes");
    }

    [SkippableFact]
    public async Task The_sign_in_form_is_interactive_within_200_ms_of_the_navigation_on_loopback()
    {
        Skip.If(Chromium.Missing, Chromium.MissingReason);
        // The budget is the shipped executable's: a JIT build spends the first requests compiling.
        Skip.If(File.Exists(Path.ChangeExtension(WharfPaths.Executable, ".dll")),
            $"{WharfPaths.Executable} is a JIT build; the 200 ms budget is measured on the Native AOT one (WHARF_EXE=artifacts/aot/wharf after test.sh's publish)");
        var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        Skip.If(load > Environment.ProcessorCount, $"the machine is busy (load {load} on {Environment.ProcessorCount} cores): a time measured now says nothing of the console");
        await using var host = await ConsoleHost.StartAsync();
        // Once first: the admin service's first TLS handshake and requests set up what the rest reuse.
        await using (var warm = await chromium.NewContextAsync()) await OpenColdAsync(warm, host);

        var timings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            // Each time a new context: a new TLS connection, nothing cached in the browser.
            await using var context = await chromium.NewContextAsync();
            var tab = await OpenColdAsync(context, host);
            timings.Add(await tab.EvaluateAsync<double>("window.formReadyAt"));
        }
        output.WriteLine($"sign-in form interactive after {string.Join(", ", timings.Select(t => $"{t:0} ms"))}");
        Assert.True(timings.Min() < BudgetMs, $"the sign-in form took {string.Join(", ", timings.Select(t => $"{t:0} ms"))}");
    }

    /// <summary>Loads the console and waits until its sign-in form has the focus, noting when (performance.now(), from the navigation's start).</summary>
    private static async Task<IPage> OpenColdAsync(IBrowserContext context, ConsoleHost host)
    {
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(host.Url, new() { WaitUntil = WaitUntilState.Commit });
        await tab.WaitForFunctionAsync("() => document.activeElement?.id === 'login-user' && (window.formReadyAt ??= performance.now())",
            null, new() { PollingInterval = 1 });
        return tab;
    }
}
