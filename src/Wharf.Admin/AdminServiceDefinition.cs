using Wharf.Admin.Api;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Admin;

/// <summary>How the admin service plugs into the supervisor and `wharf service run admin`.</summary>
public static class AdminServiceDefinition
{
    /// <summary>
    /// Its one listener is <c>run/admin.sock</c>, bound by the supervisor like every other socket,
    /// so callers wait in the backlog while the admin service restarts instead of being refused.
    /// It alone writes the store and the audit log, so a root supervisor gives those to its account.
    /// </summary>
    /// <param name="apiModules">Every service's admin API module, in ServiceCatalog's order.</param>
    internal static ServiceDefinition Create(DataRoot root, IReadOnlyList<IAdminApiModule> apiModules) =>
        new(ServiceNames.Admin,
            _ => [ListenerSpec.Unix(ServiceNames.Admin, root.AdminSocket)],
            () => new AdminService(apiModules),
            CanOverlap: true,
            OwnedPaths: [root.ConfigFolder, root.AuditLog]);
}
