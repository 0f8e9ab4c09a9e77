using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Hosting;

/// <summary>
/// How a service plugs in: its name, the listening sockets it needs for a configuration, a
/// factory, and whether a new process may start beside the old one (overlapped restart).
/// The executable lists the definitions explicitly; nothing is discovered by reflection.
/// </summary>
/// <param name="OwnedPaths">
/// Files and folders under the data root that only this service writes (the admin service: the
/// configuration store and the audit log). A root supervisor gives them to the service's account
/// before each start, so an unprivileged service can write them and other accounts cannot. A path
/// inside another service's is that service's alone (www's config/certs inside admin's config/).
/// </param>
/// <param name="ProcessEnvironment">Variables the service's process starts with (runtime switches that must be set before it runs).</param>
/// <param name="WrittenFolders">
/// Folders a configuration makes this service write, which it may not be allowed to create
/// itself (www: each site's W3C log folder, logs/W3SVC&lt;id&gt;). A root supervisor creates them
/// and gives them to the service's account before each start and each reload; a failure is a
/// warning (the service still runs and reports what it cannot write), not a start failure.
/// </param>
/// <param name="View">
/// What of the configuration the service reads (<see cref="Config.ConfigViews"/>): the supervisor
/// writes this view for it at each start and apply, readable by its account alone, and the
/// service reads nothing else of the configuration. Null: all of it (the admin service, which
/// owns the store).
/// </param>
/// <param name="MayAsk">The control commands its process may ask of the supervisor over its channel; anything else is answered with an error.</param>
/// <param name="MayReport">
/// The events its process may report; anything else is refused and logged. Null: only
/// <see cref="CommonReports"/>.
/// </param>
/// <param name="ServesPools">
/// It carries application pools' requests (www): the supervisor sends it the table of pools and
/// workers, takes its pool reports, and asks it which requests a worker was serving.
/// </param>
/// <param name="ReportsConfigurationHealth">
/// It watches the configuration file: its <c>config-invalid</c> sets the note every status shows, and
/// its <c>config-fixed</c> clears it.
/// </param>
public sealed record ServiceDefinition(
    string Name,
    Func<WharfConfig, IReadOnlyList<ListenerSpec>> Listeners,
    Func<IWharfService> Create,
    bool CanOverlap = true,
    IReadOnlyList<string>? OwnedPaths = null,
    IReadOnlyDictionary<string, string>? ProcessEnvironment = null,
    Func<WharfConfig, Config.DataRoot, IReadOnlyList<string>>? WrittenFolders = null,
    Func<WharfConfig, WharfConfig>? View = null,
    IReadOnlySet<ControlCommand>? MayAsk = null,
    IReadOnlySet<EventName>? MayReport = null,
    bool ReportsConfigurationHealth = false,
    bool ServesPools = false)
{
    /// <summary>What every service may report: that it could not start, and a warning.</summary>
    public static readonly IReadOnlySet<EventName> CommonReports = new HashSet<EventName> { EventName.StartFailed, EventName.Warning };

    public bool MayAskFor(ControlCommand command) => MayAsk?.Contains(command) ?? false;

    public bool MayReportEvent(EventName name) =>
        CommonReports.Contains(name) || (MayReport?.Contains(name) ?? false)
        || (ReportsConfigurationHealth && name is EventName.ConfigInvalid or EventName.ConfigFixed);
}
