using Wharf.Config.Model;

namespace Wharf.Hosting;

/// <summary>
/// How a service plugs in: its name, the listening sockets it needs for a configuration, a
/// factory, and whether a new process may start beside the old one (overlapped restart).
/// The executable lists the definitions explicitly; nothing is discovered by reflection.
/// </summary>
public sealed record ServiceDefinition(
    string Name,
    Func<WharfConfig, IReadOnlyList<ListenerSpec>> Listeners,
    Func<IWharfService> Create,
    bool CanOverlap = true);
