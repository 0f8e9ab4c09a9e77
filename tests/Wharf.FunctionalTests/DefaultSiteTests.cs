using System.Net;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

// The one test that uses the real default port (8080); alone in its collection so nothing else races for it.
[Collection("default port")]
public sealed class DefaultSiteTests
{
    [Fact]
    public async Task Serve_on_an_empty_root_writes_the_default_layout_and_answers_curl_on_8080()
    {
        await using var host = WharfHost.PrepareEmpty(defaultPort: 8080);
        await host.StartAsync();

        foreach (var path in new[] { "config/wharf.json", "wwwroot/index.html", "logs", "run/control.sock" })
            Assert.True(File.Exists(Path.Combine(host.Root, path)) || Directory.Exists(Path.Combine(host.Root, path)), $"{path} missing");

        var curl = await CommandResult.RunAsync("curl", ["-sS", "-o", "-", "-w", "\n%{http_code}", "http://127.0.0.1:8080/"]);
        Assert.Equal(0, curl.ExitCode);
        Assert.EndsWith("\n200", curl.StandardOutput);
        Assert.Contains("Default Web Site", curl.StandardOutput);
    }
}
