using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Www.Logging;

namespace Wharf.Www;

/// <summary>How the www service plugs into the supervisor and `wharf service run www`.</summary>
public static class WwwServiceDefinition
{
    /// <remarks>
    /// Under a root supervisor www runs unprivileged, and logs/ is not its own (events.log is the
    /// supervisor's, audit.log the admin service's): the supervisor makes each site's log folder
    /// and gives it to www's account.
    /// </remarks>
    public static ServiceDefinition Create() =>
        new(ServiceNames.Www, WwwListeners.For, static () => new WwwService(), CanOverlap: true, WrittenFolders: LogFolders);

    private static IReadOnlyList<string> LogFolders(WharfConfig config, DataRoot root) =>
        [.. config.Sites.Where(s => s.LogFile.Enabled).Select(s => SiteLogSettings.For(s, root).Folder).Distinct(StringComparer.Ordinal)];
}
