using Wharf.Admin.Api;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Admin;

/// <summary>How the admin service plugs into the supervisor and `wharf service run admin`.</summary>
public static class AdminServiceDefinition
{
    /// <summary>
    /// Its listeners are <c>run/admin.sock</c> and, when <c>admin.https</c> is enabled (by default,
    /// 127.0.0.1:8172), the HTTPS endpoint, each bound by the supervisor like every other socket,
    /// so callers wait in the backlog while the admin service restarts instead of being refused.
    /// It alone writes the store, the audit log and state/admin/ (accounts, tokens, sessions), so a
    /// root supervisor gives those to its account.
    /// It applies what it commits and reports the health of <c>wharf.json</c>, which it watches;
    /// on an administrator's behalf it may ask for any operation an authorised caller of
    /// <c>run/control.sock</c> may make (the console's Restart dialog offers /reboot, as iisreset does).
    /// </summary>
    /// <param name="apiModules">Every service's admin API module, in ServiceCatalog's order.</param>
    internal static ServiceDefinition Create(DataRoot root, IReadOnlyList<IAdminApiModule> apiModules) =>
        new(ServiceNames.Admin,
            config => config.Admin.Https is { Enabled: true } https
                ? [ListenerSpec.Unix(ServiceNames.Admin, root.AdminSocket), new ListenerSpec(ServiceNames.Admin, https.Address, https.Port)]
                : [ListenerSpec.Unix(ServiceNames.Admin, root.AdminSocket)],
            () => new AdminService(apiModules),
            CanOverlap: true,
            OwnedPaths: [root.ConfigFolder, root.AuditLog, root.AdminStateFolder],
            MayAsk: new HashSet<ControlCommand>
            {
                ControlCommand.ConfigApplied,
                ControlCommand.Status, ControlCommand.Figures,
                ControlCommand.Restart, ControlCommand.Start, ControlCommand.Stop, ControlCommand.Reboot, ControlCommand.EndNow,
                ControlCommand.ServiceStart, ControlCommand.ServiceStop, ControlCommand.ServiceRestart,
                ControlCommand.Enable, ControlCommand.Disable,
                ControlCommand.AppPoolStart, ControlCommand.AppPoolStop, ControlCommand.AppPoolRecycle,
            },
            MayReport: new HashSet<EventName> { EventName.ConfigHandEdit, EventName.ConfigRecovered },
            ReportsConfigurationHealth: true);
}
