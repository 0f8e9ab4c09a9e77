using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// The pools over the real control channel: the service that serves pools gets the table when it is
/// ready and after each change, its reports and its answers reach the runner, and a service that
/// does not serve pools may send neither. The supervisor knows which by the definition, not the name.
/// </summary>
public sealed class PoolSeamTests : IAsyncDisposable
{
    private static readonly ServiceDefinition Serving = new("front", _ => [], () => throw new NotSupportedException(),
        MayReport: new HashSet<EventName> { EventName.Warning }, ServesPools: true);

    private static readonly ServiceDefinition NotServing = new("other", _ => [], () => throw new NotSupportedException(),
        MayReport: new HashSet<EventName> { EventName.Warning },
        MayAsk: new HashSet<ControlCommand> { ControlCommand.AppPoolRecycle, ControlCommand.Status });

    private readonly DataRoot _root = new(Directory.CreateTempSubdirectory("whs.").FullName);
    private readonly FakeLauncher _services = new();
    private readonly FakeWorkerLauncher _workers = new();
    private readonly SupervisorContext _context;
    private readonly ServiceRunner _front;
    private readonly ServiceRunner _other;
    private readonly PoolManager _pools;
    private readonly Supervisor _supervisor;

    public PoolSeamTests()
    {
        DataRootInitializer.EnsureLayout(_root);
        _context = new SupervisorContext
        {
            Root = _root,
            Listeners = new ListenerTable(NullLogger.Instance),
            Launcher = _services,
            Events = new EventLog(_root.EventLog, TimeProvider.System),
            Time = TimeProvider.System,
            Log = NullLogger.Instance,
            AutomaticRestartDisabled = () => false,
        };
        _context.Config = new WharfConfig { ApplicationPools = [PoolHarness.Pool(mode: AppPoolStartMode.OnDemand)] };
        _front = new ServiceRunner(Serving, _context);
        _other = new ServiceRunner(NotServing, _context);
        _pools = new PoolManager(new PoolEnvironment
        {
            Time = TimeProvider.System,
            Events = _context.Events,
            Launcher = _workers,
            Probe = new FakeProbe(),
            Requests = new ServicePoolRequests(() => [_front, _other]),
            Terminate = pid => _workers.ByPid(pid).Process.Exit(0),
            CleanUpAfter = _ => { },
            EndNow = _context.EndNow,
            Config = () => _context.Config,
            SampleProc = _ => null,
        }, records: null);
        _context.PoolReports = _pools.OnReport;
        _context.PoolServiceReady = service => _pools.SendTableToAsync(table => service.SendAsync(ServicePoolRequests.TableMessage(table)));
        var state = new SupervisorState();
        _supervisor = new Supervisor(_context, [_front, _other], () => state, update => state = update(state), _pools);
        _context.ServiceRequests = _supervisor.HandleServiceRequestAsync;
    }

    [Fact]
    public async Task The_service_that_serves_pools_gets_the_table_when_ready_and_its_demand_starts_a_worker_it_is_then_told_of()
    {
        await _pools.StartAsync(_context.Config, afterReboot: false);
        Assert.True((await _front.StartAsync()).Ok);
        var front = _services.Services.Single();

        var first = await front.Messages.WaitAsync(m => m.Type == ControlMessageType.Workers);
        Assert.Equal(PoolRouteState.Running, first.Pools!.Single().State);
        Assert.Empty(first.Pools!.Single().Workers);

        await front.SendAsync(new ControlMessage { Type = ControlMessageType.PoolReport, PoolReport = new PoolReport { Kind = PoolReportKind.Demand, Pool = "Shop" } });

        var table = await front.Messages.WaitAsync(m => m.Type == ControlMessageType.Workers && m.Pools!.Single().Workers.Any(w => w.Role == WorkerRole.Active));
        Assert.Equal("Shop#1", table.Pools!.Single().Workers.Single().Id);
    }

    [Fact]
    public async Task A_service_that_does_not_serve_pools_may_neither_report_about_them_nor_get_the_table()
    {
        await _pools.StartAsync(_context.Config, afterReboot: false);
        Assert.True((await _other.StartAsync()).Ok);
        var other = _services.Services.Single();

        await other.SendAsync(new ControlMessage { Type = ControlMessageType.PoolReport, PoolReport = new PoolReport { Kind = PoolReportKind.Demand, Pool = "Shop" } });
        // Lines are read in order: once the event after it is written, the report was handled.
        await other.ReportAsync(EventName.Warning, "after the report");
        await WaitForEventAsync(EventName.Warning);

        Assert.Equal(0, _workers.Launched.Count);
        Assert.DoesNotContain(other.Received, m => m.Type == ControlMessageType.Workers);
    }

    [Fact]
    public async Task A_crash_asks_the_serving_service_which_requests_the_worker_had_and_the_event_names_them()
    {
        await _pools.StartAsync(_context.Config, afterReboot: false);
        Assert.True((await _front.StartAsync()).Ok);
        var front = _services.Services.Single();
        front.InFlight = [new InFlightRequest { Method = "GET", Url = "/boom", ElapsedMs = 20, Client = "203.0.113.9:40000" }];
        await _pools.Find("Shop")!.OnReportAsync(new PoolReport { Kind = PoolReportKind.Demand, Pool = "Shop" });

        (await _workers.Launched.WaitAsync(_ => true)).Process.Exit(139);

        // A question about no worker follows each table (its answer says the table was taken).
        var asked = await front.Messages.WaitAsync(m => m.Type == ControlMessageType.WorkerRequests && m.Worker is not null);
        Assert.Equal("Shop#1", asked.Worker);
        var crashed = await WaitForEventAsync(EventName.WorkerCrashed);
        Assert.Contains("GET /boom from 203.0.113.9:40000", crashed.Message);
    }

    [Fact]
    public async Task A_service_allowed_to_ask_apppool_recycle_gets_the_pools_in_its_answer()
    {
        await _pools.StartAsync(_context.Config, afterReboot: false);
        Assert.True((await _other.StartAsync()).Ok);
        var other = _services.Services.Single();
        await _pools.Find("Shop")!.OnReportAsync(new PoolReport { Kind = PoolReportKind.Demand, Pool = "Shop" });

        var replies = await other.AskAsync(new ControlRequest { Command = ControlCommand.AppPoolRecycle, Pool = "Shop" }).WaitAsync(TimeSpan.FromSeconds(20));

        var result = replies[^1];
        Assert.True(result is { Type: ControlReplyType.Result, Ok: true }, result.Message);
        Assert.Equal(["Shop#2"], result.Pools!.Single().Workers.Select(w => w.Id));
        var status = (await other.AskAsync(new ControlRequest { Command = ControlCommand.Status }).WaitAsync(TimeSpan.FromSeconds(20)))[^1];
        Assert.Equal("Shop", status.Pools!.Single().Name);
    }

    [Fact]
    public async Task An_unknown_pool_is_refused_naming_the_pools_there_are()
    {
        await _pools.StartAsync(_context.Config, afterReboot: false);
        ControlReply? reply = null;

        await _supervisor.HandleAsync(new ControlRequest { Command = ControlCommand.AppPoolStart, Pool = "Nope" }, "test", r => { reply = r; return Task.CompletedTask; });

        Assert.Equal(ControlReplyType.Error, reply!.Type);
        Assert.Contains("no application pool named 'Nope'; pools: Shop", reply.Message);
    }

    private async Task<EventRecord> WaitForEventAsync(EventName name)
    {
        // The event log is a file; the test waits on the line, polling as a reader of a log must.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_context.Events.ReadRecent(1000).FirstOrDefault(e => e.Event == name) is { } found) return found;
            await Task.Delay(10);
        }
        throw new TimeoutException($"no {name} event");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _pools.Runners()) r.Dispose();
        await _services.DisposeAllAsync();
        _context.Listeners.Dispose();
        Directory.Delete(_root.Path, recursive: true);
    }
}
