using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Www.Logging;

namespace Wharf.Www;

/// <summary>How the www service plugs into the supervisor and `wharf service run www`.</summary>
public static class WwwServiceDefinition
{
    /// <summary>
    /// www owns <c>config/certs</c>, inside the admin service's <c>config/</c>: it alone reads the
    /// private keys there, and nothing else needs them, so under a root supervisor they stay
    /// owner-only (0600 in a 0700 folder, as <see cref="SelfSignedCertificate"/> writes them) and
    /// owned by www's account, whichever account the admin service runs as.
    /// </summary>
    /// <remarks>
    /// Under a root supervisor www runs unprivileged, and logs/ is not its own (events.log is the
    /// supervisor's, audit.log the admin service's): the supervisor makes each site's log folder
    /// and gives it to www's account.
    /// </remarks>
    public static ServiceDefinition Create(DataRoot root) =>
        new(ServiceNames.Www, WwwListeners.For, static () => new WwwService(), CanOverlap: true,
            OwnedPaths: [root.CertsFolder],
            ProcessEnvironment: new Dictionary<string, string>
            {
                // Socket completions run on the event thread instead of hopping to the thread pool
                // first: one context switch less per request. Request handling itself still runs on
                // the pool (Kestrel schedules it there), so a slow handler never blocks the event loop.
                ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
                // An idle pool thread sleeps at once rather than spinning (sched_yield) for work: on
                // a small host the spinning took a quarter of www's CPU under the proxy bench and
                // stole it from the workers and the clients on the same cores.
                ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
            },
            WrittenFolders: LogFolders,
            View: OwnView,
            // It asks the supervisor for nothing; it reports what it cannot serve or write.
            MayReport: new HashSet<EventName> { EventName.CertificateReloaded, EventName.CertificateInvalid, EventName.LogFailed },
            ServesPools: true);

    // Sites and pools are www's; of services only its own entry.
    private static WharfConfig OwnView(WharfConfig config) =>
        ConfigViews.Service(config, ServiceNames.Www) with { Sites = config.Sites, ApplicationPools = config.ApplicationPools };

    private static IReadOnlyList<string> LogFolders(WharfConfig config, DataRoot root) =>
        [.. config.Sites.Where(s => s.LogFile.Enabled).Select(s => SiteLogSettings.For(s, root).Folder).Distinct(StringComparer.Ordinal)];
}
