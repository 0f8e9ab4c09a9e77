using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.TestKit;

/// <summary>Certificates for https tests, made in memory and written as the files a binding names.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed server certificate for <paramref name="hostName"/> (its subject is CN=hostName), with an EC P-256 key.</summary>
    public static X509Certificate2 SelfSigned(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(hostName, key);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }

    /// <summary>A leaf for <paramref name="hostName"/> (with its key) issued by an intermediate CA, issued by a root CA.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2 Intermediate, X509Certificate2 Root) Issued(string hostName)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var root = CaRequest("Test Root CA", rootKey).CreateSelfSigned(now.AddMinutes(-10), now.AddDays(60));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateUnkeyed = CaRequest("Test Intermediate CA", intermediateKey).Create(root, now.AddMinutes(-10), now.AddDays(60), [5, 6, 7, 8]);
        var intermediate = intermediateUnkeyed.CopyWithPrivateKey(intermediateKey);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var unkeyed = ServerRequest(hostName, key).Create(intermediate, now.AddMinutes(-5), now.AddDays(30), [1, 2, 3, 4]);
        return (unkeyed.CopyWithPrivateKey(key), intermediate, root);
    }

    private static CertificateRequest CaRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }

    /// <summary>The certificate (then <paramref name="chain"/>) in <paramref name="certificateFile"/>; the key in <paramref name="keyFile"/>, or after the certificates when it is null.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificateFile, string? keyFile, params X509Certificate2[] chain)
    {
        var certificates = string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n"));
        var key = KeyPem(certificate) + "\n";
        if (keyFile is null)
        {
            WriteByRename(certificateFile, certificates + key);
        }
        else
        {
            WriteByRename(keyFile, key);
            WriteByRename(certificateFile, certificates);
        }
    }

    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey())!.ExportPkcs8PrivateKeyPem();

    public static string EncryptedKeyPem(X509Certificate2 certificate, string password) =>
        (certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey())!.ExportEncryptedPkcs8PrivateKeyPem(
            password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));

    public static void WritePfx(X509Certificate2 certificate, string path, string? password, params X509Certificate2[] chain)
    {
        var collection = new X509Certificate2Collection(certificate);
        collection.AddRange(chain);
        File.WriteAllBytes(path + ".new", collection.Export(X509ContentType.Pkcs12, password)!);
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>Written beside and renamed over, as a careful administrator (or certbot) replaces a file.</summary>
    public static void WriteByRename(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".new", text);
        File.Move(path + ".new", path, overwrite: true);
    }

    private static CertificateRequest ServerRequest(string hostName, ECDsa key)
    {
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }
}
