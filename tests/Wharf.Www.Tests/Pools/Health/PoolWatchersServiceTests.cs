using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Offline;
using static Wharf.Www.Tests.Pools.Health.PoolWatchFixture;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>The watchers as the www service holds them: given the context at start, the configuration at apply, the table from the supervisor, and ended by stop.</summary>
public sealed class PoolWatchersServiceTests : IDisposable
{
    private readonly ShortTempFolder _folder = new();
    private readonly Channel<PoolReport> _reports = Channel.CreateUnbounded<PoolReport>();

    private async Task<PoolReport> NextReportAsync() =>
        await _reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private ServiceContext Context(WharfConfig config) => new()
    {
        ServiceName = "www",
        Root = new DataRoot(_folder.Path),
        Config = config,
        ConfigVersion = 1,
        Listeners = new Dictionary<string, int>(),
        LoggerFactory = NullLoggerFactory.Instance,
        ReportEvent = (_, _) => { },
        AskSupervisor = (_, _) => throw new InvalidOperationException("not asked here"),
        ReportPool = r => _reports.Writer.TryWrite(r),
    };

    private WharfConfig Config(TimeSpan pingInterval, string physicalPath = "shop") =>
        ConfigOf(Pool("Shop", m => m with { PingInterval = pingInterval })) with
        {
            Sites = [new SiteConfig { Name = "Shop", PhysicalPath = physicalPath, ApplicationPool = "Shop", Bindings = [new BindingConfig { Port = 8080, HostName = "shop.example" }] }],
        };

    [Fact]
    public async Task Www_reports_an_offline_application_at_start_pings_the_workers_it_is_told_of_and_stops_its_watchers_with_it()
    {
        Directory.CreateDirectory(_folder["shop"]);
        File.WriteAllText(Path.Combine(_folder["shop"], AppOffline.FileName), "down");
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => 200);
        var www = new WwwService();

        await www.StartAsync(Context(Config(TimeSpan.FromMilliseconds(20))), CancellationToken.None);
        Assert.Equal(PoolReportKind.Offline, (await NextReportAsync()).Kind);

        www.OnWorkers(Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));
        Assert.Equal("shop.example", (await worker.NextRequestAsync()).Host);

        // An apply that moves the application elsewhere brings the pool back.
        Directory.CreateDirectory(_folder["shop2"]);
        Assert.Equal(ApplyResult.Applied, await www.ApplyAsync(Config(TimeSpan.FromMilliseconds(20), "shop2"), 2, CancellationToken.None));
        Assert.Equal(PoolReportKind.Online, (await NextReportAsync()).Kind);

        await www.StopAsync(DateTimeOffset.UtcNow.AddSeconds(5));
        // Stop has awaited every probe loop: whatever came before it, nothing comes after.
        while (worker.Requests.Reader.TryRead(out _)) { }
        www.OnWorkers(Table("Shop", ("Shop#1", worker.Endpoint, WorkerRole.Active)));
        // A live watcher would read this at the apply, synchronously, and report the pool offline.
        File.WriteAllText(Path.Combine(_folder["shop2"], AppOffline.FileName), "down");
        await www.ApplyAsync(Config(TimeSpan.FromMilliseconds(20), "shop2"), 3, CancellationToken.None);
        Assert.False(_reports.Reader.TryRead(out _));
    }

    public void Dispose() => _folder.Dispose();
}
