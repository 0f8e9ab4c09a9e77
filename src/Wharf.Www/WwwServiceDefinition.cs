using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Www;

/// <summary>How the www service plugs into the supervisor and `wharf service run www`.</summary>
public static class WwwServiceDefinition
{
    public static ServiceDefinition Create() =>
        new(ServiceNames.Www, WwwListeners.For, static () => new WwwService(), CanOverlap: true,
            ProcessEnvironment: new Dictionary<string, string>
            {
                // Socket completions run on the event thread instead of hopping to the thread pool
                // first: one context switch less per request. Request handling itself still runs on
                // the pool (Kestrel schedules it there), so a slow handler never blocks the event loop.
                ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            });
}
