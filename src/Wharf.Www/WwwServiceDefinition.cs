using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;

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
    public static ServiceDefinition Create(DataRoot root) =>
        new(ServiceNames.Www, WwwListeners.For, static () => new WwwService(), CanOverlap: true,
            OwnedPaths: [root.CertsFolder],
            ProcessEnvironment: new Dictionary<string, string>
            {
                // Socket completions run on the event thread instead of hopping to the thread pool
                // first: one context switch less per request. Request handling itself still runs on
                // the pool (Kestrel schedules it there), so a slow handler never blocks the event loop.
                ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            });
}
