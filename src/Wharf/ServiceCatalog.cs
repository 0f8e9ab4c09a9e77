using Wharf.Config;
using Wharf.Hosting;

namespace Wharf;

/// <summary>
/// Every service this executable can run, listed explicitly (no discovery by reflection), in the
/// order they start. ftp, smtp and nntp join this list as they are built.
/// </summary>
internal static class ServiceCatalog
{
    public static IReadOnlyList<ServiceDefinition> For(DataRoot root) =>
    [
        Admin.AdminServiceDefinition.Create(root),
        Www.WwwServiceDefinition.Create(root),
    ];

    public static IReadOnlyList<string> Names { get; } = For(new DataRoot("/")).Select(d => d.Name).ToArray();
}
