using System.Net;
using System.Text.RegularExpressions;

namespace Wharf.Console.Tests;

/// <summary>The console's files as the admin service serves them: from the executable, with a strict policy and validators.</summary>
public sealed partial class ConsoleAssetsTests
{
    [Fact]
    public async Task The_shell_and_its_modules_are_served_with_a_strict_policy_nosniff_frame_deny_and_an_etag_that_answers_304()
    {
        await using var host = await ConsoleHost.StartAsync();
        // The host's own self-signed certificate; pinning it is the CLI's business, tested there.
        using var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = new Uri(host.Url) };

        using var shell = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(" ", shell.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", string.Join("", shell.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join("", shell.Headers.GetValues("X-Frame-Options")));
        var html = await shell.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyle(), html);

        // Every file the shell names is there, as JavaScript or CSS, and revalidates to a 304.
        var referenced = Referenced().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Contains("/assets/shell.js", referenced);
        foreach (var path in referenced)
        {
            using var asset = await client.GetAsync(path);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{path}: {(int)asset.StatusCode}");
            Assert.NotNull(asset.Headers.ETag);
            var body = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("innerHTML", body);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(asset.Headers.ETag!);
            using var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }

        using var missing = await client.GetAsync("/assets/../config/wharf.json");
        Assert.NotEqual(HttpStatusCode.OK, missing.StatusCode);
        using var unknown = await client.GetAsync("/assets/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // The files are open without a session; the API behind them is not.
        using var api = await client.GetAsync("/api/services");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\sstyle=|<style", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex(@"(?:href|src)=""(/assets/[^""]+)""")]
    private static partial Regex Referenced();
}
