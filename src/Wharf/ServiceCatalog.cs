using Wharf.Admin;
using Wharf.Admin.Api;
using Wharf.Admin.Api.Modules.Admin;
using Wharf.Admin.Api.Modules.Www;
using Wharf.Cli;
using Wharf.Cli.Modules.Admin;
using Wharf.Cli.Modules.Www;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Www;

namespace Wharf;

/// <summary>
/// Every service this executable can run, listed explicitly (no discovery by reflection), in the
/// order they start, each with its modules. Adding a service is one line here; ftp, smtp and nntp
/// join as they are built.
/// </summary>
internal static class ServiceCatalog
{
    private static readonly ServiceModules[] Services =
    [
        new(root => AdminServiceDefinition.Create(root, AdminApiModules), new AdminCliModule(), new AdminApiModule()),
        new(WwwServiceDefinition.Create, new WwwCliModule(), new WwwApiModule()),
    ];

    public static IReadOnlyList<ServiceDefinition> For(DataRoot root)
    {
        ServiceDefinition[] definitions = [.. Services.Select(s => s.Definition(root))];
        // The configuration accepts settings for exactly ServiceNames.All; a service missing from
        // either list would run without settings, or have settings nothing runs.
        if (!definitions.Select(d => d.Name).SequenceEqual(ServiceNames.All, StringComparer.Ordinal))
            throw new InvalidOperationException(
                $"ServiceCatalog lists {string.Join(", ", definitions.Select(d => d.Name))} but ServiceNames.All is {string.Join(", ", ServiceNames.All)}; list each service in both, in the same order");
        return definitions;
    }

    public static IReadOnlyList<string> Names => ServiceNames.All;

    public static IReadOnlyList<ICliModule> CliModules { get; } = [.. Services.Select(s => s.Cli).OfType<ICliModule>()];

    private static IReadOnlyList<IAdminApiModule> AdminApiModules => [.. Services.Select(s => s.AdminApi).OfType<IAdminApiModule>()];
}
