using System.Net;
using System.Text.Json.Nodes;
using Wharf.FunctionalTests.Admin;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Metrics;

/// <summary>The metrics and reset endpoints over HTTPS on the admin port, as a Prometheus scraper and a remote script reach them.</summary>
public sealed class RemoteMetricsTests
{
    [Fact]
    public async Task A_read_token_scrapes_metrics_and_the_history_but_may_not_reset()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var token = (await host.CliAsync("admin", "token", "add", "prometheus", "--role", "read")).StandardOutput.Trim();
        Assert.Equal(200, (await Curl.RunAsync(host.BaseUrl + "/")).Status);

        var scrape = await admin.SendAsync(HttpMethod.Get, "/metrics", bearer: token);
        var history = await admin.SendAsync(HttpMethod.Get, "/api/metrics/history?minutes=5", bearer: token);
        var services = await admin.SendAsync(HttpMethod.Get, "/api/services", bearer: token);
        var reset = await admin.SendAsync(HttpMethod.Post, "/api/reset", """{"action": "restart"}""", bearer: token);
        var anonymous = await admin.SendAsync(HttpMethod.Get, "/metrics");

        Assert.True(scrape.Status == HttpStatusCode.OK, scrape.ToString());
        var metrics = await PrometheusText.ParseAsync(scrape.Body);
        Assert.Equal(1, metrics.Value("wharf_site_requests_total", ("site", "Default Web Site"), ("status", "200")));
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Equal(HttpStatusCode.OK, services.Status);
        Assert.Equal(HttpStatusCode.Forbidden, reset.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Fact]
    public async Task Over_https_disable_is_refused_and_a_restart_streams_to_its_result_audited_with_the_token()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = new RemoteAdmin(host);
        var token = (await host.CliAsync("admin", "token", "add", "deploy", "--role", "admin")).StandardOutput.Trim();
        var www = await host.ServicePidAsync();

        var disable = await admin.SendAsync(HttpMethod.Post, "/api/reset", """{"action": "disable"}""", bearer: token);
        var restart = await admin.SendAsync(HttpMethod.Post, "/api/reset", """{"action": "restart", "timeoutSeconds": 20}""", bearer: token);

        Assert.Equal(HttpStatusCode.Forbidden, disable.Status);
        Assert.Contains("refused remotely", disable.Body);
        Assert.False((bool)(await host.StatusAsync())["resetDisabled"]!);
        Assert.True(restart.Status == HttpStatusCode.OK, restart.ToString());
        var result = JsonNode.Parse(restart.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Equal(("result", 0), ((string?)result["kind"], (int)result["exitCode"]!));
        Assert.NotEqual(www, await host.ServicePidAsync());
        var audit = File.ReadAllLines(Path.Combine(host.Root, "logs", "audit.log")).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Contains(audit, e => (string?)e["action"] == "reset" && (string?)e["user"] == "token:deploy" && (string?)e["detail"] == "reset restart /timeout:20");
    }
}
