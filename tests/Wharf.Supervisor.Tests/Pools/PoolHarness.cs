using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Pools;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools;

/// <summary>
/// A pool manager over fakes on a <see cref="FakeTimeProvider"/>: workers are fake processes,
/// readiness is a fake probe, www is a fake that records each table. The event log is real, in a
/// temporary folder.
/// </summary>
internal sealed class PoolHarness : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("whp.").FullName;
    private WharfConfig _config;

    public PoolHarness(params AppPoolConfig[] pools) : this(null, pools) { }

    public PoolHarness(FakeCgroups? cgroups, params AppPoolConfig[] pools) : this(cgroups, null, pools) { }

    public PoolHarness(FakeCgroups? cgroups, IWorkerRecords? records, params AppPoolConfig[] pools) : this(cgroups, records, null, pools) { }

    /// <param name="time">A clock of the test's own (<see cref="RendezvousClock"/>); null: a plain fake clock.</param>
    public PoolHarness(FakeCgroups? cgroups, IWorkerRecords? records, FakeTimeProvider? time, params AppPoolConfig[] pools)
    {
        Time = time ?? new FakeTimeProvider(Start);
        _config = new WharfConfig { ApplicationPools = pools };
        Events = new EventLog(Path.Combine(_folder, "events.log"), Time);
        Cgroups = cgroups;
        Manager = new PoolManager(new PoolEnvironment
        {
            Time = Time,
            Events = Events,
            Launcher = Launcher,
            Cgroups = cgroups,
            Probe = Probe,
            Requests = Www,
            Terminate = pid =>
            {
                Terminated.Add((pid, Launcher.Launched.Count));
                // An adopted worker is the test's to end.
                if (Launcher.Launched.All.SingleOrDefault(w => w.Pid == pid) is { ExitsOnTerm: true } worker) worker.Process.Exit(0);
            },
            CleanUpAfter = _ => { },
            EndNow = new EndNowSignal(),
            Config = () => _config,
            SampleProc = _ => null,
            ResourceWatch = _ => new DelegatingObserver(this),
            Zone = TimeZoneInfo.Utc,
        }, records);
    }

    /// <summary>What the resource watch decides after each sample (none by default).</summary>
    public Func<string, Wharf.Supervisor.Pools.Resources.ResourceSample, IReadOnlyList<Wharf.Supervisor.Pools.Resources.ResourceAction>> Observe { get; set; } = (_, _) => [];

    private sealed class DelegatingObserver(PoolHarness h) : IResourceObserver
    {
        public IReadOnlyList<Wharf.Supervisor.Pools.Resources.ResourceAction> Observe(string workerId, Wharf.Supervisor.Pools.Resources.ResourceSample sample, DateTimeOffset now) => h.Observe(workerId, sample);
        public void Forget(string workerId) { }
    }

    public static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }
    public EventLog Events { get; }
    public FakeCgroups? Cgroups { get; }
    public FakeWorkerLauncher Launcher { get; } = new();
    public FakeProbe Probe { get; } = new();
    public FakePoolRequests Www { get; } = new();
    /// <summary>Each SIGTERM, with how many workers had been launched by then (to tell the order of a recycle).</summary>
    public Observed<(int Pid, int LaunchesBefore)> Terminated { get; } = new();
    public PoolManager Manager { get; }

    public WharfConfig Config
    {
        get => _config;
        set => _config = value;
    }

    public static AppPoolConfig Pool(string name = "Shop", AppPoolStartMode mode = AppPoolStartMode.AlwaysRunning, int processes = 1) => new()
    {
        Name = name,
        StartMode = mode,
        Program = new WorkerProgramConfig { Command = "/usr/bin/app" },
        ProcessModel = new AppPoolProcessModelConfig { MaxProcesses = processes },
    };

    public Task StartAsync() => Manager.StartAsync(_config, afterReboot: false);

    public IReadOnlyList<EventRecord> EventRecords() => Events.ReadRecent(1000);

    public IReadOnlyList<EventRecord> EventsNamed(EventName name) => EventRecords().Where(e => e.Event == name).ToArray();

    /// <summary>The first table sent (from the <paramref name="skip"/>-th on) in which the pool matches.</summary>
    public Task<IReadOnlyList<PoolRoute>> TableAsync(Func<PoolRoute, bool> match, string pool = "Shop", int skip = 0) =>
        Www.Tables.WaitAsync(t => t.FirstOrDefault(p => p.Pool == pool) is { } route && match(route), skip);

    public static IReadOnlyList<WorkerRoute> Active(PoolRoute route) => route.Workers.Where(w => w.Role == WorkerRole.Active).ToArray();

    public Task Report(PoolReportKind kind, string? worker = null, string pool = "Shop", string? detail = null) =>
        Manager.Find(pool)!.OnReportAsync(new PoolReport { Kind = kind, Pool = pool, Worker = worker, Detail = detail });

    public void Dispose()
    {
        foreach (var r in Manager.Runners()) r.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
