using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Tests.Fakes;

/// <summary>
/// A supervisor over fake processes: an admin-like service that may ask for operations and
/// reports the configuration's health, and a www-like one that may ask for nothing. Real data
/// root (for the event log and configuration file), fake launcher, no process started.
/// </summary>
internal sealed class SupervisorHarness : IAsyncDisposable
{
    private SupervisorState _state = new();

    public SupervisorHarness(TimeProvider? time = null)
    {
        Root = new DataRoot(Directory.CreateTempSubdirectory("wh.").FullName);
        DataRootInitializer.EnsureLayout(Root);
        Time = time ?? TimeProvider.System;
        Context = new SupervisorContext
        {
            Root = Root,
            Listeners = new ListenerTable(NullLogger.Instance),
            Launcher = Launcher,
            Events = new EventLog(Root.EventLog, Time),
            Time = Time,
            Log = NullLogger.Instance,
            AutomaticRestartDisabled = () => false,
        };
        Admin = new ServiceRunner(AdminLike, Context);
        Www = new ServiceRunner(WwwLike, Context);
        Supervisor = new Supervisor(Context, [Admin, Www], () => _state, update => _state = update(_state));
        Context.ServiceRequests = Supervisor.HandleServiceRequestAsync;
    }

    public static readonly ServiceDefinition AdminLike = new(ServiceNames.Admin, _ => [], () => throw new NotSupportedException(),
        MayAsk: new HashSet<ControlCommand> { ControlCommand.ConfigApplied, ControlCommand.Restart, ControlCommand.ServiceRestart, ControlCommand.EndNow, ControlCommand.Figures, ControlCommand.Status },
        MayReport: new HashSet<EventName> { EventName.ConfigHandEdit },
        ReportsConfigurationHealth: true);

    public static readonly ServiceDefinition WwwLike = new(ServiceNames.Www, _ => [], () => throw new NotSupportedException());

    public DataRoot Root { get; }
    public TimeProvider Time { get; }
    public FakeLauncher Launcher { get; } = new();
    public SupervisorContext Context { get; }
    public ServiceRunner Admin { get; }
    public ServiceRunner Www { get; }
    public Supervisor Supervisor { get; }

    /// <summary>Starts both services; the fakes for admin and www, in that order.</summary>
    public async Task<(FakeService Admin, FakeService Www)> StartBothAsync()
    {
        Assert.True((await Admin.StartAsync()).Ok);
        Assert.True((await Www.StartAsync()).Ok);
        return (Launcher.Services[0], Launcher.Services[1]);
    }

    public IReadOnlyList<EventRecord> Events() => Context.Events.ReadRecent(1000);

    public async ValueTask DisposeAsync()
    {
        await Launcher.DisposeAllAsync();
        Context.Listeners.Dispose();
        Directory.Delete(Root.Path, recursive: true);
    }
}
