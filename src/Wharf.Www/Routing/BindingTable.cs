using System.Net;
using Wharf.Config.Model;

namespace Wharf.Www.Routing;

/// <summary>
/// Which site a request belongs to, from its protocol, local address, local port and Host
/// header, in the order IIS (HTTP.sys) uses: an exact host name before the empty host name,
/// and within each, a binding on the request's local address before a wildcard binding.
/// Immutable once built; lookups allocate nothing.
/// </summary>
internal sealed class BindingTable
{
    public const int NoSite = -1;

    private readonly Dictionary<(BindingProtocol Protocol, int Port), PortBindings> _ports;

    private BindingTable(Dictionary<(BindingProtocol, int), PortBindings> ports) => _ports = ports;

    /// <summary>Site indexes are positions in <paramref name="sites"/>. When two sites claim the same binding, the first wins.</summary>
    public static BindingTable Build(IReadOnlyList<SiteConfig> sites)
    {
        var ports = new Dictionary<(BindingProtocol, int), PortBindings>();
        for (var index = 0; index < sites.Count; index++)
            foreach (var binding in sites[index].Bindings)
            {
                var key = (binding.Protocol, binding.Port);
                if (!ports.TryGetValue(key, out var port)) ports[key] = port = new PortBindings();
                var hostName = HostHeader.Name(binding.HostName).ToString();
                var host = port.ForHost(hostName);
                var address = WwwListeners.CanonicalAddress(binding.Address);
                if (address == WwwListeners.Wildcard)
                {
                    if (host.AnyAddress == NoSite) host.AnyAddress = index;
                }
                else if (IPAddress.TryParse(address, out var ip))
                {
                    (host.ByAddress ??= []).TryAdd(ip, index);
                }
            }
        return new BindingTable(ports);
    }

    public int Match(BindingProtocol protocol, IPAddress? localAddress, int localPort, ReadOnlySpan<char> hostHeader)
    {
        if (!_ports.TryGetValue((protocol, localPort), out var port)) return NoSite;
        var local = localAddress is null ? IPAddress.None : WwwListeners.Normalize(localAddress);

        var name = HostHeader.Name(hostHeader);
        if (!name.IsEmpty && port.ByName.TryGetValue(name, out var named))
        {
            var site = named.Find(local);
            if (site != NoSite) return site;
        }
        return port.AnyName?.Find(local) ?? NoSite;
    }

    private sealed class PortBindings
    {
        private readonly Dictionary<string, HostBindings> _byName = new(StringComparer.OrdinalIgnoreCase);

        public PortBindings() => ByName = _byName.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>Host names compare case-insensitively (RFC 9110 section 4.2.3); looked up by span to spare a string per request.</summary>
        public Dictionary<string, HostBindings>.AlternateLookup<ReadOnlySpan<char>> ByName { get; }

        /// <summary>Bindings with an empty host name: any Host header, or none.</summary>
        public HostBindings? AnyName { get; private set; }

        public HostBindings ForHost(string name)
        {
            if (name.Length == 0) return AnyName ??= new HostBindings();
            if (!_byName.TryGetValue(name, out var host)) _byName[name] = host = new HostBindings();
            return host;
        }
    }

    private sealed class HostBindings
    {
        public Dictionary<IPAddress, int>? ByAddress;
        public int AnyAddress = NoSite;

        public int Find(IPAddress local) =>
            ByAddress is not null && ByAddress.TryGetValue(local, out var site) ? site : AnyAddress;
    }
}
