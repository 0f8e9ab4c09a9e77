using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Metrics;

/// <summary>/metrics over run/admin.sock, read by Prometheus's own parser: the figures come from www and the supervisor.</summary>
public sealed class MetricsTests
{
    private const string Site = "Default Web Site";

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_count_a_site_s_requests_exactly()
    {
        await using var host = await WharfHost.StartAsync();
        for (var i = 0; i < 7; i++) Assert.Equal(200, (await Curl.RunAsync(host.BaseUrl + "/")).Status);
        for (var i = 0; i < 3; i++) Assert.Equal(404, (await Curl.RunAsync(host.BaseUrl + "/missing.html")).Status);
        // A static site refuses a POST; its body is counted all the same.
        var posted = (await Curl.RunAsync("-X", "POST", "--data-binary", "0123456789", host.BaseUrl + "/")).Status;

        var scrape = await AdminCurl.GetAsync(host, "/metrics");
        Assert.Equal(200, scrape.Status);
        Assert.StartsWith("text/plain; version=0.0.4", scrape.Header("Content-Type"));
        var metrics = await PrometheusText.ParseAsync(scrape.Text);

        Assert.Equal(posted == 200 ? 8 : 7, metrics.Value("wharf_site_requests_total", ("site", Site), ("status", "200")));
        Assert.Equal(posted == 404 ? 4 : 3, metrics.Value("wharf_site_requests_total", ("site", Site), ("status", "404")));
        if (posted is not (200 or 404)) Assert.Equal(1, metrics.Value("wharf_site_requests_total", ("site", Site), ("status", PrometheusText.Format(posted))));
        // index.html is "<h1>hello from wharf</h1>\n": 26 bytes, seven times; the 404 pages add theirs.
        Assert.True(metrics.Value("wharf_site_bytes_sent_total", ("site", Site)) >= 7 * 26, scrape.Text);
        Assert.Equal(10, metrics.Value("wharf_site_bytes_received_total", ("site", Site)));
        Assert.Equal("counter", metrics.FamilyOf("wharf_site_requests")?.Type);
        Assert.Equal(1, metrics.Value("wharf_service_up", ("service", "www")));
        Assert.Equal(1, metrics.Value("wharf_service_up", ("service", "admin")));
        Assert.Equal(0, metrics.Value("wharf_service_restarts_total", ("service", "www")));
        Assert.NotNull(metrics.Value("wharf_connections", ("service", "www")));
        foreach (var family in new[] { "wharf_pool_queue_length", "wharf_pool_recycles", "wharf_worker_memory_bytes", "wharf_worker_cpu_seconds" })
            Assert.NotNull(metrics.FamilyOf(family));
    }

    [Fact]
    public async Task A_restart_of_www_is_counted_and_its_site_counters_start_again()
    {
        await using var host = await WharfHost.StartAsync();
        for (var i = 0; i < 4; i++) Assert.Equal(200, (await Curl.RunAsync(host.BaseUrl + "/")).Status);

        var restart = await host.CliAsync("service", "restart", "www");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.Equal(200, (await Curl.RunAsync(host.BaseUrl + "/")).Status);

        var metrics = await PrometheusText.ParseAsync((await AdminCurl.GetAsync(host, "/metrics")).Text);
        Assert.Equal(1, metrics.Value("wharf_service_restarts_total", ("service", "www")));
        Assert.Equal(0, metrics.Value("wharf_service_restarts_total", ("service", "admin")));
        // The new process counts from zero (a counter reset, as Prometheus reads it).
        Assert.Equal(1, metrics.Value("wharf_site_requests_total", ("site", Site), ("status", "200")));
    }

    [Fact]
    public async Task A_pool_s_workers_report_memory_and_cpu_and_a_recycle_is_counted_by_reason()
    {
        await using var host = await PoolSetup.StartAsync(WorkerApps.Python(), pool => pool["startMode"] = "alwaysRunning");
        var workers = await host.WaitForActiveWorkersAsync();
        Assert.Equal(200, (await Curl.RunAsync(host.BaseUrl + "/")).Status);

        // The supervisor samples each worker's cgroup (or /proc) every second once it is ready.
        PrometheusText? metrics = null;
        await ResetTests.WaitUntilAsync(async () =>
        {
            metrics = await PrometheusText.ParseAsync((await AdminCurl.GetAsync(host, "/metrics")).Text);
            return metrics.Value("wharf_worker_memory_bytes", ("pool", PoolSetup.Pool)) is > 0;
        }, "a worker's memory in /metrics");
        Assert.NotNull(metrics!.Value("wharf_worker_cpu_seconds_total", ("pool", PoolSetup.Pool)));
        // Counted whichever path carried it (www's forwarding lane, for a site wholly in a pool).
        Assert.Equal(1, metrics.Value("wharf_site_requests_total", ("site", Site), ("status", "200")));
        Assert.Equal(0, metrics.Value("wharf_pool_queue_length", ("pool", PoolSetup.Pool)));
        Assert.Null(metrics.Value("wharf_pool_recycles_total", ("pool", PoolSetup.Pool)));

        var recycle = await host.CliAsync("apppool", "recycle", PoolSetup.Pool);
        Assert.True(recycle.ExitCode == 0, recycle.ToString());
        await host.WaitForActiveWorkersAsync(notThese: workers);

        metrics = await PrometheusText.ParseAsync((await AdminCurl.GetAsync(host, "/metrics")).Text);
        Assert.Equal(workers.Count, metrics.Value("wharf_pool_recycles_total", ("pool", PoolSetup.Pool), ("reason", "onDemand")));
    }
}
