using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Cli.Remote;

/// <summary>
/// Whether to trust the certificate a remote host shows: chained to <c>--ca-file</c> and naming
/// the host, when given; else pinned on first use in known_hosts, as SSH does: asked on a
/// terminal, taken with <c>--accept-new-host</c>, refused otherwise with the fingerprint to check.
/// A certificate that differs from the pinned one is refused, loudly. Never trusted silently.
/// </summary>
internal sealed class ServerTrust(RemoteTarget target)
{
    /// <summary>Why the last certificate was refused, for the command's message.</summary>
    public string? Refusal { get; private set; }

    /// <summary>As `openssl x509 -noout -fingerprint -sha256` prints it, so it can be checked on the host.</summary>
    public static string Fingerprint(X509Certificate certificate) =>
        string.Join(':', SHA256.HashData(certificate.GetRawCertData()).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public bool Check(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Refusal = $"{target.Name} showed no certificate";
            return false;
        }
        return target.CaFile is { } ca ? CheckAgainstCa(certificate, ca, errors) : CheckPinned(certificate);
    }

    private bool CheckAgainstCa(X509Certificate2 certificate, string caFile, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Refusal = $"the certificate of {target.Name} ({certificate.Subject}) does not name {target.Host}";
            return false;
        }
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate)) return true;
        Refusal = $"the certificate of {target.Name} ({certificate.Subject}) does not chain to {caFile}: "
            + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
        return false;
    }

    private bool CheckPinned(X509Certificate2 certificate)
    {
        var fingerprint = Fingerprint(certificate);
        var knownHosts = new KnownHosts(target.KnownHostsFile ?? RemoteTarget.DefaultKnownHostsFile(target.Console.Environment));
        var (trust, pinned) = knownHosts.Check(target.Name, fingerprint);
        switch (trust)
        {
            case HostTrust.Known:
                return true;
            case HostTrust.Changed:
                Refusal = $"""
                    WARNING: THE CERTIFICATE OF {target.Name} HAS CHANGED.
                    It was {pinned}, it is now {fingerprint}.
                    Someone may be in the middle, or the host got a new certificate. If you know it did,
                    remove its line from {knownHosts.Path} and connect again.
                    """;
                return false;
        }
        var console = target.Console;
        if (target.AcceptNewHost)
        {
            knownHosts.Add(target.Name, fingerprint);
            console.Error.WriteLine($"pinned {target.Name} ({fingerprint}) in {knownHosts.Path}");
            return true;
        }
        if (!console.InputIsTerminal)
        {
            Refusal = $"the certificate of {target.Name} is not known ({certificate.Subject}, SHA-256 fingerprint {fingerprint}); "
                + $"check the fingerprint on the host (`openssl x509 -in CERT -noout -fingerprint -sha256`), then connect with --accept-new-host, or give --ca-file";
            return false;
        }
        console.Error.WriteLine($"The authenticity of {target.Name} can't be established.");
        console.Error.WriteLine($"Its certificate is {certificate.Subject}, SHA-256 fingerprint {fingerprint}.");
        console.Error.Write("Trust it and remember it (yes/no)? ");
        if (!string.Equals(console.In.ReadLine()?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
        {
            Refusal = $"not trusted: {target.Name} ({fingerprint})";
            return false;
        }
        knownHosts.Add(target.Name, fingerprint);
        return true;
    }
}
