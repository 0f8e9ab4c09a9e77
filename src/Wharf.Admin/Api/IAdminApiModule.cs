using Microsoft.AspNetCore.Routing;

namespace Wharf.Admin.Api;

/// <summary>
/// A service's own endpoints in the admin API (admin: configuration, history, backups, status,
/// logs). ServiceCatalog lists each service's module beside its definition; the admin service maps
/// them in the catalog's order, behind its authorization, and knows none of them. Paths are whole
/// (<c>/api/...</c>) and every change goes through <see cref="AdminApiContext.Commits"/>.
/// </summary>
internal interface IAdminApiModule
{
    void Map(IEndpointRouteBuilder api, AdminApiContext context);
}
