using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Health;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>What the watcher tests share: a fake clock, the reports as they come, a pool configuration and its table.</summary>
internal sealed class PoolWatchFixture
{
    public FakeTimeProvider Time { get; } = new();

    public Channel<PoolReport> Reports { get; } = Channel.CreateUnbounded<PoolReport>();

    /// <summary>Worker ids, each time a watch starts waiting on the clock.</summary>
    public Channel<string> Waits { get; } = Channel.CreateUnbounded<string>();

    public void Report(PoolReport report) => Reports.Writer.TryWrite(report);

    public void Waiting(string worker) => Waits.Writer.TryWrite(worker);

    public HealthWatch Health() => new(Time, Report, NullLogger.Instance) { Waiting = Waiting };

    public WarmupWatch Warmup() => new(Time, Report, NullLogger.Instance) { Waiting = Waiting };

    public async Task<PoolReport> NextReportAsync() =>
        await Reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async Task WaitingAsync(string worker)
    {
        while (await Waits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)) != worker) { }
    }

    public static AppPoolConfig Pool(string name, Func<AppPoolProcessModelConfig, AppPoolProcessModelConfig>? model = null, string? warmupPath = null) => new()
    {
        Name = name,
        Program = new WorkerProgramConfig { Command = "/usr/bin/true", WarmupPath = warmupPath },
        ProcessModel = (model ?? (m => m))(new AppPoolProcessModelConfig { PingInterval = TimeSpan.FromSeconds(30), PingResponseTime = TimeSpan.FromSeconds(5), PingPath = "/health" }),
    };

    public static WharfConfig ConfigOf(AppPoolConfig pool, string hostName = "shop.example") => new()
    {
        ApplicationPools = [pool],
        Sites =
        [
            new SiteConfig
            {
                Name = "Shop",
                PhysicalPath = "/srv/shop",
                ApplicationPool = pool.Name,
                Bindings = [new BindingConfig { Port = 8080 }, new BindingConfig { Port = 8080, HostName = hostName }],
            },
        ],
    };

    public static IReadOnlyList<PoolRoute> Table(string pool, params (string Id, string Endpoint, WorkerRole Role)[] workers) =>
    [
        new PoolRoute
        {
            Pool = pool,
            State = PoolRouteState.Running,
            Workers = [.. workers.Select((w, i) => new WorkerRoute { Id = w.Id, Pid = 1000 + i, Endpoint = w.Endpoint, Role = w.Role })],
        },
    ];
}
