using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Wharf.Console.Tests;

/// <summary>What a page said went wrong: script errors and console errors (a CSP refusal is one), kept per tab.</summary>
public static class ConsoleErrors
{
    private static readonly ConditionalWeakTable<IPage, List<string>> Seen = [];

    public static void Watch(IPage page)
    {
        var list = Seen.GetOrCreateValue(page);
        page.PageError += (_, error) => { lock (list) list.Add("page error: " + error); };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (list) list.Add($"console error: {message.Text}");
        };
    }

    public static IReadOnlyList<string> Of(IPage page)
    {
        var list = Seen.GetOrCreateValue(page);
        lock (list) return [.. list];
    }
}
