using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Hosting;

namespace Wharf.Admin.Metrics;

/// <summary>
/// The sampler lives as long as the admin service's web host: it starts once the host serves and
/// stops (saving the history) when the host stops, so a restart of the admin service keeps the
/// charts without the admin service itself knowing of them.
/// </summary>
internal static class MetricsSampling
{
    // Stopping waits at most this for the sampler's last reading and its save.
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    public static MetricsSampler Attach(IEndpointRouteBuilder api, ServiceContext service)
    {
        var sampler = new MetricsSampler(new MetricsHistory(service.Root.MetricsHistoryFile), service.AskSupervisor, TimeProvider.System,
            service.LoggerFactory.CreateLogger("wharf.admin.metrics"));
        var lifetime = api.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(sampler.Start);
        // A stopping callback cannot be awaited; this one is short (a cancelled read, one file written).
        lifetime.ApplicationStopping.Register(() => sampler.DisposeAsync().AsTask().Wait(StopLimit));
        return sampler;
    }
}
