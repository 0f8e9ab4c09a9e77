using Wharf.Hosting;

namespace Wharf;

/// <summary>
/// Every service this executable can run, listed explicitly (no discovery by reflection).
/// admin, ftp, smtp and nntp join this list as they are built.
/// </summary>
internal static class ServiceCatalog
{
    public static IReadOnlyList<ServiceDefinition> All { get; } =
    [
        Www.WwwServiceDefinition.Create(),
    ];

    public static ServiceDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
