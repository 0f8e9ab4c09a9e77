using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Hosting;

/// <summary>What a service is given at start.</summary>
public sealed class ServiceContext
{
    public required string ServiceName { get; init; }
    public required DataRoot Root { get; init; }
    public required WharfConfig Config { get; init; }
    public required long ConfigVersion { get; init; }

    /// <summary>Listener name (<see cref="ListenerSpec.Name"/>) to inherited descriptor, already close-on-exec.</summary>
    public required IReadOnlyDictionary<string, int> Listeners { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>Report an event to the supervisor, which writes it to the event log.</summary>
    public required Action<Control.EventName, string?> ReportEvent { get; init; }

    /// <summary>Ask the supervisor to carry out a control command its definition allows; completes with its final reply.</summary>
    public required Func<Control.ControlRequest, CancellationToken, Task<Control.ControlReply>> AskSupervisor { get; init; }

    /// <summary>As <see cref="AskSupervisor"/>, with each progress line of a long operation (a reset) handed to the callback as it comes.</summary>
    public Func<Control.ControlRequest, Action<Control.ControlReply>, CancellationToken, Task<Control.ControlReply>>? AskSupervisorWithProgress { get; init; }

    /// <summary>Tell the supervisor something about a pool's requests (www alone: <see cref="ServiceDefinition.ServesPools"/>).</summary>
    public Action<Control.Pools.PoolReport> ReportPool { get; init; } = _ => { };
}
