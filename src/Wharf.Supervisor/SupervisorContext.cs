using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Supervisor;

/// <summary>What every service runner shares: the data root, the running configuration, the sockets, the log.</summary>
internal sealed class SupervisorContext
{
    public required DataRoot Root { get; init; }
    public required ListenerTable Listeners { get; init; }
    public required Lifecycle.IProcessLauncher Launcher { get; init; }
    public required EventLog Events { get; init; }
    public required TimeProvider Time { get; init; }
    public required ILogger Log { get; init; }

    /// <summary>The services' accounts on this machine, created when missing (a root supervisor).</summary>
    public ServiceAccountSetup Accounts => _accounts ??= ServiceAccountSetup.ForMachine(Launcher);
    private ServiceAccountSetup? _accounts;

    /// <summary>Whether automatic restart is off (/disable).</summary>
    public required Func<bool> AutomaticRestartDisabled { get; init; }

    private WharfConfig _config = new();
    public WharfConfig Config { get => Volatile.Read(ref _config); set => Volatile.Write(ref _config, value); }
    public string ConfigPath { get; set; } = "";

    /// <summary>Requests services send on their control channel: (service, pid, request, reply), where reply takes each progress line and then the final one.</summary>
    public Func<string, int, Hosting.Control.ControlRequest, Func<Hosting.Control.ControlReply, Task>, Task>? ServiceRequests { get; set; }

    /// <summary>What a service that serves pools reports about them (www's pool-report lines), checked by <see cref="ServiceReports"/>.</summary>
    public Action<Hosting.Control.Pools.PoolReport>? PoolReports { get; set; }

    /// <summary>A process of a service that serves pools is ready: it is sent the table of pools and workers.</summary>
    public Func<ServiceProcess, Task>? PoolServiceReady { get; set; }

    /// <summary>`end-now`: drains in progress end at once, as at their deadline.</summary>
    public Lifecycle.EndNowSignal EndNow { get; } = new();

    /// <summary>Set while the host runs on something other than config/wharf.json as written (a fallback at start, an invalid edit); shown by status.</summary>
    public string? ConfigNote { get; set; }

    /// <summary>The text <see cref="Config"/> was read from, to tell a changed file from an unchanged one.</summary>
    public string? ConfigText { get; set; }
    public long ConfigVersion => Config.Version;
}

/// <summary>The outcome of an operation on one service, for the reply to the administrator.</summary>
internal readonly record struct ServiceOutcome(bool Ok, string Message)
{
    /// <summary>Processes killed on the way (at their deadline, or ended now), with what each held: a success, but a forced one.</summary>
    public IReadOnlyList<Hosting.Control.ForcedStop>? Forced { get; init; }

    public static ServiceOutcome Success(string message) => new(true, message);
    public static ServiceOutcome Failure(string message) => new(false, message);
}

/// <summary>Progress of a long operation: the service, what is happening, seconds left until the deadline.</summary>
internal delegate void ProgressReporter(string service, string message, double? secondsLeft);
