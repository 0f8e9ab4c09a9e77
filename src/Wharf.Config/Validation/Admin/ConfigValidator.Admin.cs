using Wharf.Config.Model;
using Wharf.Config.Validation;

namespace Wharf.Config;

public static partial class ConfigValidator
{
    /// <summary>The admin service's endpoint, sessions and login cap.</summary>
    private static void ValidateAdmin(WharfConfig config, Errors errors)
    {
        var admin = config.Admin;
        var https = admin.Https;
        if (Syntax.CheckAddress(https.Address) is { } addressError)
            errors.Add("/admin/https/address", addressError);
        if (https.Port is < 1 or > 65535)
            errors.Add("/admin/https/port", $"{https.Port} is not a port; ports are 1 to 65535");
        else if (https.Enabled && config.Sites.SelectMany(s => s.Bindings.Select(b => (Site: s.Name, Binding: b)))
                     .FirstOrDefault(x => x.Binding.Port == https.Port && Overlap(x.Binding.Address, https.Address)) is { Site: { } site })
            errors.Add("/admin/https/port", $"{https.Port} is also a binding of site {Syntax.Quote(site)}; the admin endpoint needs a socket of its own");
        if (string.IsNullOrWhiteSpace(https.CertificateFile))
            errors.Add("/admin/https/certificateFile", "empty; name the PEM certificate file (default \"" + AdminHttpsConfig.DefaultCertificateFile + "\")");
        if (string.IsNullOrWhiteSpace(https.KeyFile))
            errors.Add("/admin/https/keyFile", "empty; name the PEM private key file (default \"" + AdminHttpsConfig.DefaultKeyFile + "\")");

        Positive(admin.Sessions.IdleTimeout, "/admin/sessions/idleTimeout", errors);
        Positive(admin.Sessions.AbsoluteTimeout, "/admin/sessions/absoluteTimeout", errors);
        if (admin.Sessions.IdleTimeout > admin.Sessions.AbsoluteTimeout)
            errors.Add("/admin/sessions/idleTimeout", $"{Show(admin.Sessions.IdleTimeout)} is longer than absoluteTimeout {Show(admin.Sessions.AbsoluteTimeout)}, which ends every session first");
        AtLeastOne(admin.Logins.MaxFailures, "/admin/logins/maxFailures", "this many failed logins within the window refuse the next ones", errors);
        Positive(admin.Logins.Window, "/admin/logins/window", errors);
    }

    private static bool Overlap(string? a, string? b) =>
        a == Syntax.Wildcard || b == Syntax.Wildcard || (a is not null && b is not null && Syntax.NormalizeAddress(a) == Syntax.NormalizeAddress(b));

    /// <summary>The one TLS policy: TLS 1.2 and 1.3 only, forward-secret AEAD suites only, and a suite for every protocol allowed.</summary>
    private static void ValidateTls(TlsConfig tls, Errors errors)
    {
        if (tls.Protocols.Count == 0)
            errors.Add("/tls/protocols", "empty; allow \"tls12\", \"tls13\" or both");
        for (var i = 0; i < tls.Protocols.Count; i++)
            if (tls.Protocols.IndexOf(tls.Protocols[i]) != i)
                errors.Add($"/tls/protocols/{i}", $"\"{Spell(tls.Protocols[i])}\" is listed twice");
        for (var i = 0; i < tls.CipherSuites.Count; i++)
        {
            var suite = tls.CipherSuites[i];
            if (!TlsSuites.Allowed.Contains(suite))
                errors.Add($"/tls/cipherSuites/{i}", $"{Syntax.Quote(suite)} is not a forward-secret AEAD suite Wharf offers; choose from {string.Join(", ", TlsSuites.Allowed)}");
            else if (tls.CipherSuites.IndexOf(suite) != i)
                errors.Add($"/tls/cipherSuites/{i}", $"{Syntax.Quote(suite)} is listed twice");
        }
        if (tls.Protocols.Contains(TlsProtocol.Tls13) && !tls.CipherSuites.Any(TlsSuites.Tls13.Contains))
            errors.Add("/tls/cipherSuites", $"\"tls13\" is allowed but no TLS 1.3 suite is listed; add one of {string.Join(", ", TlsSuites.Tls13)}");
        if (tls.Protocols.Contains(TlsProtocol.Tls12) && !tls.CipherSuites.Any(TlsSuites.Tls12.Contains))
            errors.Add("/tls/cipherSuites", $"\"tls12\" is allowed but no TLS 1.2 suite is listed; add one of {string.Join(", ", TlsSuites.Tls12)}");
    }

    private static string Spell(TlsProtocol protocol) => protocol == TlsProtocol.Tls12 ? "tls12" : "tls13";
}

internal static class ListIndex
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T value)
    {
        for (var i = 0; i < list.Count; i++)
            if (EqualityComparer<T>.Default.Equals(list[i], value)) return i;
        return -1;
    }
}
