using Wharf.Admin.Api;
using Wharf.Cli;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf;

/// <summary>
/// One service as the executable knows it: how the supervisor runs it (its definition, which may
/// depend on the data root), and its own commands and admin API endpoints, if it has any.
/// </summary>
internal sealed record ServiceModules(
    Func<DataRoot, ServiceDefinition> Definition,
    ICliModule? Cli = null,
    IAdminApiModule? AdminApi = null);
