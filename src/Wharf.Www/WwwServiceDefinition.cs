using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Www;

/// <summary>How the www service plugs into the supervisor and `wharf service run www`.</summary>
public static class WwwServiceDefinition
{
    public static ServiceDefinition Create() =>
        new(ServiceNames.Www, WwwListeners.For, static () => new WwwService(), CanOverlap: true);
}
