using System.Net;
using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Www;

/// <summary>
/// The listening sockets the www service needs: one per port that has a wildcard binding (Linux
/// refuses a second bind on that port, so specific addresses are told apart by routing on the
/// local address, as nginx does), otherwise one per distinct address on the port.
/// </summary>
internal static class WwwListeners
{
    public static IReadOnlyList<ListenerSpec> For(WharfConfig config)
    {
        var byPort = new SortedDictionary<int, SortedSet<string>>();
        // Every site, whatever its state: a stopped site keeps its socket so that it can answer 503.
        foreach (var site in config.Sites)
            foreach (var binding in site.Bindings)
            {
                if (!byPort.TryGetValue(binding.Port, out var addresses))
                    byPort[binding.Port] = addresses = new SortedSet<string>(StringComparer.Ordinal);
                addresses.Add(CanonicalAddress(binding.Address));
            }

        var result = new List<ListenerSpec>();
        foreach (var (port, addresses) in byPort)
        {
            if (addresses.Contains(Wildcard))
                result.Add(new ListenerSpec(ServiceNames.Www, Wildcard, port));
            else
                result.AddRange(addresses.Select(a => new ListenerSpec(ServiceNames.Www, a, port)));
        }
        // A socket handed directly to a pool's workers is theirs to accept on, not www's.
        var handed = Hosting.Launch.DirectHandoff.Names(config);
        return handed.Count == 0 ? result : [.. result.Where(spec => !handed.Contains(spec.Name))];
    }

    /// <summary>
    /// The names of the listeners that speak TLS: those whose socket carries https bindings (the
    /// validator keeps http and https off one socket). Kestrel sets TLS up per listener at start,
    /// so a change here needs an overlapped restart even where the sockets stay the same.
    /// </summary>
    public static IReadOnlySet<string> Https(WharfConfig config)
    {
        var https = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var spec in For(config))
            foreach (var site in config.Sites)
                foreach (var binding in site.Bindings)
                {
                    if (binding.Protocol == BindingProtocol.Https && binding.Port == spec.Port
                        && (spec.IsWildcard || CanonicalAddress(binding.Address) == spec.Address))
                        https.Add(spec.Name);
                }
        return https;
    }

    /// <summary>
    /// Listeners with a site that forwards an application to a pool's workers. They do not send file
    /// bodies by sendfile: that needs an output pipe paused at one byte, so that each flush waits for
    /// the socket, and the wait cost the proxy bench a fifth of its requests and doubled its p99.
    /// Their static files are copied through Kestrel, as on TLS.
    /// </summary>
    public static IReadOnlySet<string> Forwarding(WharfConfig config)
    {
        var forwarding = config.ApplicationPools.Where(p => p.HasWorkers).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (forwarding.Count == 0) return names;
        foreach (var spec in For(config))
            foreach (var site in config.Sites)
            {
                if (!site.Applications.Select(a => a.ApplicationPool).Append(site.ApplicationPool).Any(forwarding.Contains)) continue;
                if (site.Bindings.Any(b => b.Port == spec.Port && (spec.IsWildcard || CanonicalAddress(b.Address) == spec.Address)))
                    names.Add(spec.Name);
            }
        return names;
    }

    public const string Wildcard = "*";

    /// <summary>
    /// One spelling per address (<c>::FFFF:127.0.0.1</c> and <c>127.0.0.1</c> are the same
    /// socket), so listener names stay stable across reloads. Text that is not an address is kept
    /// as written: rejecting it is the validator's job.
    /// </summary>
    public static string CanonicalAddress(string address)
    {
        var trimmed = address.Trim();
        if (trimmed == Wildcard) return Wildcard;
        return IPAddress.TryParse(trimmed, out var ip) ? Normalize(ip).ToString() : trimmed;
    }

    /// <summary>A dual-mode socket reports IPv4 peers as IPv4-mapped IPv6; bindings are written as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
