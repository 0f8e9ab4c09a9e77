using System.Globalization;
using System.Net;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Routing;

namespace Wharf.Www.Tls;

/// <summary>
/// The certificates of one configuration version, found by what a TLS handshake knows: the
/// local address and port of the connection and the SNI host name. Built whole before it is
/// swapped in, so a certificate that cannot be loaded fails the start or the apply and leaves
/// the previous certificates serving. Certificates whose files a previous version already loaded
/// are taken over as they are, with their own reload from disk.
/// </summary>
internal sealed class CertificateStore
{
    private readonly Dictionary<int, PortCertificates> _ports;
    private readonly Dictionary<CertificateFiles, ServerCertificate> _byFiles;

    private CertificateStore(Dictionary<int, PortCertificates> ports, Dictionary<CertificateFiles, ServerCertificate> byFiles)
    {
        _ports = ports;
        _byFiles = byFiles;
    }

    public static CertificateStore Empty { get; } = new([], []);

    public IReadOnlyCollection<ServerCertificate> Certificates => _byFiles.Values;

    /// <exception cref="CertificateLoadException">Naming every binding whose certificate cannot be loaded.</exception>
    public static CertificateStore Build(WharfConfig config, DataRoot root, CertificateStore? previous, TimeProvider time, CertificateEvents events)
    {
        var ports = new Dictionary<int, PortCertificates>();
        var byFiles = new Dictionary<CertificateFiles, ServerCertificate>();
        var errors = new List<string>();
        for (var i = 0; i < config.Sites.Count; i++)
        {
            var site = config.Sites[i];
            for (var j = 0; j < site.Bindings.Count; j++)
            {
                var binding = site.Bindings[j];
                if (binding.Protocol != BindingProtocol.Https) continue;
                var files = CertificateFiles.Of(binding, root);
                if (!byFiles.TryGetValue(files, out var certificate))
                {
                    var described = Describe(site, binding, i, j);
                    if (previous?._byFiles.GetValueOrDefault(files) is { } loaded)
                    {
                        certificate = loaded.TakenOverBy(described);
                    }
                    else
                    {
                        try
                        {
                            certificate = new ServerCertificate(files, described, CertificateLoader.Load(files, described), time, events);
                        }
                        catch (CertificateLoadException e)
                        {
                            errors.Add(e.Message);
                            continue;
                        }
                    }
                    byFiles[files] = certificate;
                }
                if (!ports.TryGetValue(binding.Port, out var port)) ports[binding.Port] = port = new PortCertificates();
                port.Add(WwwListeners.CanonicalAddress(binding.Address), HostHeader.Name(binding.HostName).ToString(), certificate);
            }
        }
        if (errors.Count > 0) throw new CertificateLoadException(string.Join("; ", errors));
        return new CertificateStore(ports, byFiles);
    }

    /// <summary>
    /// The certificate for a handshake, in the order sites are routed: the SNI name's binding,
    /// then the binding with no host name (the socket's default), each preferring the
    /// connection's own address to a wildcard. A name nothing binds, on a socket with no default,
    /// gets the socket's first certificate, as nginx does, rather than a refused handshake: the
    /// client then says the name does not match, and the request is answered 400 by routing.
    /// </summary>
    public ServerCertificate? Select(IPAddress? localAddress, int localPort, string? serverName)
    {
        if (!_ports.TryGetValue(localPort, out var port)) return null;
        var local = localAddress is null ? IPAddress.None : WwwListeners.Normalize(localAddress);
        var name = HostHeader.Name(serverName);
        if (!name.IsEmpty && port.ByName.TryGetValue(name, out var named) && named.Find(local) is { } exact) return exact;
        return port.AnyName?.Find(local) ?? port.First.Find(local);
    }

    private static string Describe(SiteConfig site, BindingConfig binding, int siteIndex, int bindingIndex)
    {
        var address = WwwListeners.CanonicalAddress(binding.Address);
        if (address.Contains(':')) address = $"[{address}]";
        var host = string.IsNullOrEmpty(binding.HostName) ? "" : $" host \"{binding.HostName}\"";
        return string.Create(CultureInfo.InvariantCulture,
            $"site \"{site.Name}\" binding https {address}:{binding.Port}{host} (/sites/{siteIndex}/bindings/{bindingIndex})");
    }

    private sealed class PortCertificates
    {
        private readonly Dictionary<string, AddressCertificates> _byName = new(StringComparer.OrdinalIgnoreCase);

        public PortCertificates() => ByName = _byName.GetAlternateLookup<ReadOnlySpan<char>>();

        public Dictionary<string, AddressCertificates>.AlternateLookup<ReadOnlySpan<char>> ByName { get; }

        public AddressCertificates? AnyName { get; private set; }

        /// <summary>Every binding of the port, first one per address: the fallback for an unknown name.</summary>
        public AddressCertificates First { get; } = new();

        public void Add(string address, string hostName, ServerCertificate certificate)
        {
            AddressCertificates host;
            if (hostName.Length == 0) host = AnyName ??= new AddressCertificates();
            else if (!_byName.TryGetValue(hostName, out host!)) _byName[hostName] = host = new AddressCertificates();
            host.Add(address, certificate);
            First.Add(address, certificate);
        }
    }

    private sealed class AddressCertificates
    {
        private Dictionary<IPAddress, ServerCertificate>? _byAddress;
        private ServerCertificate? _anyAddress;

        public void Add(string address, ServerCertificate certificate)
        {
            if (address == WwwListeners.Wildcard) _anyAddress ??= certificate;
            else if (IPAddress.TryParse(address, out var ip)) (_byAddress ??= []).TryAdd(ip, certificate);
        }

        public ServerCertificate? Find(IPAddress local) =>
            _byAddress is not null && _byAddress.TryGetValue(local, out var certificate) ? certificate : _anyAddress;
    }
}
