using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.Www.Tls;

/// <summary>
/// Reads a binding's certificate: a PEM file (the leaf first, then its chain, and the key too
/// unless a key file is named) or a PFX (PKCS#12) file. A password file holds the PFX's password
/// or the encrypted PEM key's. Every failure is one <see cref="CertificateLoadException"/> that
/// says which binding and which file.
/// </summary>
internal static class CertificateLoader
{
    public static LoadedCertificate Load(CertificateFiles files, string binding)
    {
        // Stamped before reading: a change made while loading is seen again at the next check.
        var stamp = files.Stamp();
        var password = files.Password is { } passwordFile ? ReadPassword(passwordFile, binding) : null;
        var bytes = Read(files.Certificate, binding, "certificate file");
        try
        {
            var (leaf, chain) = LooksLikePem(bytes)
                ? FromPem(Encoding.ASCII.GetString(bytes), files, password, binding)
                : FromPfx(bytes, password);
            if (!leaf.HasPrivateKey)
                throw new CertificateLoadException($"{binding}: certificate file {files.Certificate} has no private key; name the key in keyFile, or use a PFX that holds it");
            var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
            return new LoadedCertificate(leaf, context, stamp);
        }
        // A key that does not match the certificate is an ArgumentException.
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            var which = files.Key is not null ? $"certificate file {files.Certificate} with key file {files.Key}" : $"certificate file {files.Certificate}";
            throw new CertificateLoadException($"{binding}: {which} cannot be loaded: {Reason(e)}", e);
        }
    }

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) FromPem(string text, CertificateFiles files, string? password, string binding)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(text);
        if (all.Count == 0)
            throw new CertificateLoadException($"{binding}: certificate file {files.Certificate} holds no \"BEGIN CERTIFICATE\" block");
        var keyText = files.Key is { } keyFile ? Encoding.ASCII.GetString(Read(keyFile, binding, "key file")) : text;
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new CertificateLoadException(files.Key is null
                ? $"{binding}: certificate file {files.Certificate} holds no private key; name the key file in keyFile"
                : $"{binding}: key file {files.Key} holds no \"PRIVATE KEY\" block");
        // CreateFromPem takes the first certificate of the text: the leaf, by PEM convention.
        var leaf = password is null
            ? X509Certificate2.CreateFromPem(text, keyText)
            : X509Certificate2.CreateFromEncryptedPem(text, keyText, password);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++) chain.Add(all[i]);
        return (leaf, chain);
    }

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) FromPfx(byte[] bytes, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(bytes, password);
        X509Certificate2? leaf = null;
        var chain = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey) leaf = certificate;
            else chain.Add(certificate);
        }
        return (leaf ?? (all.Count > 0 ? all[0] : throw new CryptographicException("the PFX holds no certificate")), chain);
    }

    private static bool LooksLikePem(byte[] bytes) =>
        bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0;

    /// <summary>The first line of the file: editors and `echo` add a newline that is not part of the password.</summary>
    private static string ReadPassword(string path, string binding)
    {
        var text = Encoding.UTF8.GetString(Read(path, binding, "password file"));
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Reason(Exception e) => e.Message.TrimEnd('.');

    private static byte[] Read(string path, string binding, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CertificateLoadException($"{binding}: {what} {path} does not exist", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CertificateLoadException($"{binding}: {what} {path} cannot be read by user {Environment.UserName}, whom www runs as (permission denied)", e);
        }
        catch (IOException e)
        {
            throw new CertificateLoadException($"{binding}: {what} {path} cannot be read: {Reason(e)}", e);
        }
    }
}
