using Wharf.Config.Model;
using Wharf.Config.Validation;

namespace Wharf.Config;

public static partial class ConfigValidator
{
    private static void ValidateBinding(BindingConfig binding, string at, Errors errors)
    {
        if (Syntax.CheckAddress(binding.Address) is { } addressError)
            errors.Add(at + "/address", addressError);
        if (binding.Port is < 1 or > 65535)
            errors.Add(at + "/port", $"{binding.Port} is not a port; ports are 1 to 65535");
        if (Syntax.CheckHostName(binding.HostName) is { } hostError)
            errors.Add(at + "/hostName", hostError);
        ValidateCertificateFiles(binding, at, errors);
    }

    private static void ValidateCertificateFiles(BindingConfig binding, string at, Errors errors)
    {
        if (binding.Protocol == BindingProtocol.Https)
        {
            if (string.IsNullOrWhiteSpace(binding.CertificateFile))
                errors.Add(at + "/certificateFile", "an https binding needs a certificate: name a PEM or PFX file, absolute or relative to the data root, such as \"config/certs/site.pem\"");
            foreach (var (field, value) in new[] { ("keyFile", binding.KeyFile), ("passwordFile", binding.PasswordFile) })
                if (value is not null && string.IsNullOrWhiteSpace(value))
                    errors.Add($"{at}/{field}", $"{Quote(value)} is not a file; name one or leave {field} out");
            return;
        }
        foreach (var (field, value) in new[] { ("certificateFile", binding.CertificateFile), ("keyFile", binding.KeyFile), ("passwordFile", binding.PasswordFile) })
            if (value is not null)
                errors.Add($"{at}/{field}", $"an http binding has no certificate; make the binding's protocol \"https\" or leave {field} out");
    }

    private sealed record Bound(int Site, string SiteName, string Path, BindingProtocol Protocol, string Address, int Port, string Host)
    {
        public string Text => Syntax.Describe(Protocol == BindingProtocol.Https ? "https" : "http", Address, Port, Host);

        public bool SharesSocketWith(Bound other) =>
            Port == other.Port && (Address == other.Address || Address == Syntax.Wildcard || other.Address == Syntax.Wildcard);
    }

    /// <summary>
    /// Two rules across every site. A binding (protocol, address, port, host) belongs to one site.
    /// And one socket speaks one protocol: a port is listened on once per address, or once for all
    /// addresses when a binding uses "*" (requests are then routed by local address), so http and
    /// https cannot meet on the same address:port, nor on a port where either uses "*".
    /// </summary>
    private static void CheckBindingConflicts(IReadOnlyList<SiteConfig> sites, Errors errors)
    {
        var bound = new List<Bound>();
        for (var i = 0; i < sites.Count; i++)
        {
            for (var j = 0; j < sites[i].Bindings.Count; j++)
            {
                var b = sites[i].Bindings[j];
                // A binding already reported as malformed would only repeat itself here.
                if (b.Port is < 1 or > 65535 || Syntax.CheckAddress(b.Address) is not null) continue;
                bound.Add(new Bound(i, sites[i].Name, $"/sites/{i}/bindings/{j}", b.Protocol,
                    Syntax.NormalizeAddress(b.Address), b.Port, b.HostName ?? ""));
            }
        }

        var first = new Dictionary<(BindingProtocol, string, int, string), Bound>();
        foreach (var b in bound)
        {
            // Host names are case-insensitive (RFC 4343).
            var key = (b.Protocol, b.Address, b.Port, b.Host.ToLowerInvariant());
            if (!first.TryAdd(key, b))
            {
                var other = first[key];
                errors.Add(b.Path, other.Site == b.Site
                    ? $"{b.Text} appears twice in site {Quote(b.SiteName)} (also at {other.Path})"
                    : $"sites {Quote(other.SiteName)} and {Quote(b.SiteName)} both bind {b.Text}; a binding belongs to one site (the other is at {other.Path})");
            }
        }

        foreach (var port in bound.GroupBy(b => b.Port))
        {
            var seen = new List<Bound>();
            foreach (var b in port)
            {
                var clash = seen.FirstOrDefault(o => o.Protocol != b.Protocol && o.SharesSocketWith(b));
                if (clash is not null)
                    errors.Add(b.Path + "/protocol",
                        $"{b.Text} (site {Quote(b.SiteName)}) and {clash.Text} (site {Quote(clash.SiteName)}, {clash.Path}) would share one socket, which serves http or https, not both; use another port");
                seen.Add(b);
            }
        }
    }
}
