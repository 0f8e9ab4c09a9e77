using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Config;

/// <summary>
/// The certificate of the default configuration's https binding, made on first start so that
/// 8443 works out of the box (as IIS Express's localhost certificate). Browsers will warn: an
/// administrator replaces it by naming another file in the binding.
/// </summary>
public static class SelfSignedCertificate
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes a PEM certificate and key for localhost unless the certificate file exists.</summary>
    public static bool CreateIfMissing(string certificateFile, string keyFile, string hostName = "localhost")
    {
        if (File.Exists(certificateFile)) return false;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));

        // The key first, owner-only from its creation: the certificate's presence is what says "done".
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        WriteNew(keyFile, key.ExportPkcs8PrivateKeyPem(), OwnerReadWrite);
        WriteNew(certificateFile, certificate.ExportCertificatePem(), OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return true;
    }

    private static void WriteNew(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".new";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode,
        }))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(text + "\n"));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
