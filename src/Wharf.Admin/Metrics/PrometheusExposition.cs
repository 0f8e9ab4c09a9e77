using Prometheus;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Metrics;

/// <summary>
/// <c>/metrics</c>: one reading of the host in the Prometheus text format 0.0.4, written by
/// prometheus-net. The figures live in other processes and are read at scrape time, so each
/// scrape fills a registry of its own: a series that is gone (a removed site, an ended worker)
/// simply is not written, and nothing here keeps counters of its own.
/// </summary>
internal static class PrometheusExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static Task WriteAsync(HostReading reading, Stream destination, CancellationToken cancellationToken)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        var requests = Counter(factory, "wharf_site_requests_total", "Requests answered by a site, by status code, since its www process started.", "site", "status");
        var sent = Counter(factory, "wharf_site_bytes_sent_total", "Response body bytes a site sent, since its www process started.", "site");
        var received = Counter(factory, "wharf_site_bytes_received_total", "Request body bytes a site received (Content-Length), since its www process started.", "site");
        foreach (var site in reading.Sites.SelectMany(s => s.Value))
        {
            foreach (var (status, count) in site.Statuses)
                requests.WithLabels(site.Site, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).IncTo(count);
            sent.WithLabels(site.Site).IncTo(site.BytesSent);
            received.WithLabels(site.Site).IncTo(site.BytesReceived);
        }

        var connections = Gauge(factory, "wharf_connections", "Open client connections of a service's current process.", "service");
        var restarts = Counter(factory, "wharf_service_restarts_total", "Restarts of a service since the supervisor started (resets, recoveries, applies that needed one).", "service");
        var up = Gauge(factory, "wharf_service_up", "1 when the service's state is Running, else 0.", "service");
        foreach (var service in reading.Services)
        {
            if (service.Connections is { } open) connections.WithLabels(service.Name).Set(open);
            restarts.WithLabels(service.Name).IncTo(service.Restarts);
            up.WithLabels(service.Name).Set(service.State == ServiceState.Running ? 1 : 0);
        }

        var queue = Gauge(factory, "wharf_pool_queue_length", "Requests waiting in www's queue for an application pool.", "pool");
        var recycles = Counter(factory, "wharf_pool_recycles_total", "Worker recycles of an application pool since the supervisor started, by reason.", "pool", "reason");
        var memory = Gauge(factory, "wharf_worker_memory_bytes", "A worker's private (resident anonymous) memory at its last sample.", "pool", "worker");
        var cpu = Counter(factory, "wharf_worker_cpu_seconds_total", "CPU time a worker has used since it started, at its last sample.", "pool", "worker");
        foreach (var pool in reading.Pools.Where(p => p.HasWorkers))
        {
            queue.WithLabels(pool.Name).Set(pool.QueueLength ?? 0);
            foreach (var (reason, count) in pool.RecyclesByReason ?? [])
                recycles.WithLabels(pool.Name, ReasonLabel(reason)).IncTo(count);
            foreach (var worker in pool.Workers)
            {
                if (worker.PrivateMemoryBytes is { } bytes) memory.WithLabels(pool.Name, worker.Id).Set(bytes);
                if (worker.CpuSeconds is { } seconds) cpu.WithLabels(pool.Name, worker.Id).IncTo(seconds);
            }
        }

        return registry.CollectAndExportAsTextAsync(destination, cancellationToken);
    }

    /// <summary>The reason as the configuration spells it (logEventOnRecycle): "onDemand", "privateMemory".</summary>
    public static string ReasonLabel(Config.Model.RecycleReason reason) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    private static Counter Counter(MetricFactory factory, string name, string help, params string[] labels) =>
        factory.CreateCounter(name, help, new CounterConfiguration { LabelNames = labels });

    private static Gauge Gauge(MetricFactory factory, string name, string help, params string[] labels) =>
        factory.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labels });
}
