using System.Security.Cryptography.X509Certificates;
using Wharf.TestKit;
using Wharf.Www.Tests.Support;
using Wharf.Www.Tls;

namespace Wharf.Www.Tests;

public sealed class TlsCertificateLoaderTests : IDisposable
{
    private const string Binding = "site \"A\" binding https *:443 (/sites/0/bindings/0)";
    private readonly TlsFiles _files = new();

    private CertificateFiles Files(string certificate, string? key = null, string? password = null) =>
        new(_files.PathOf(certificate), key is null ? null : _files.PathOf(key), password is null ? null : _files.PathOf(password));

    [Fact]
    public void Loads_a_PEM_certificate_with_its_key_in_another_file()
    {
        var written = _files.WritePem("a", "a.test");
        var loaded = CertificateLoader.Load(Files("certs/a.pem", "certs/a.key"), Binding);
        Assert.Equal(written.Thumbprint, loaded.Leaf.Thumbprint);
        Assert.True(loaded.Leaf.HasPrivateKey);
    }

    [Fact]
    public void Loads_a_PEM_file_holding_certificate_chain_and_key_and_sends_the_chain()
    {
        var (leaf, intermediate, root) = TestCertificates.Issued("a.test");
        TestCertificates.WritePem(leaf, _files.PathOf("certs/all.pem"), keyFile: null, intermediate, root);

        var loaded = CertificateLoader.Load(Files("certs/all.pem"), Binding);

        Assert.Equal(leaf.Thumbprint, loaded.Leaf.Thumbprint);
        Assert.Contains(loaded.Context.IntermediateCertificates, c => c.Thumbprint == intermediate.Thumbprint);
    }

    [Fact]
    public void Loads_an_encrypted_PEM_key_with_the_password_file_first_line()
    {
        var certificate = TestCertificates.SelfSigned("a.test");
        File.WriteAllText(_files.PathOf("a.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(_files.PathOf("a.key"), TestCertificates.EncryptedKeyPem(certificate, "s3cret"));
        File.WriteAllText(_files.PathOf("a.password"), "s3cret\n");

        var loaded = CertificateLoader.Load(Files("a.pem", "a.key", "a.password"), Binding);

        Assert.Equal(certificate.Thumbprint, loaded.Leaf.Thumbprint);
    }

    [Fact]
    public void Loads_a_PFX_with_its_password_and_chain()
    {
        var (leaf, intermediate, _) = TestCertificates.Issued("a.test");
        TestCertificates.WritePfx(leaf, _files.PathOf("a.pfx"), "pfx-pass", intermediate);
        File.WriteAllText(_files.PathOf("a.password"), "pfx-pass");

        var loaded = CertificateLoader.Load(Files("a.pfx", password: "a.password"), Binding);

        Assert.Equal(leaf.Thumbprint, loaded.Leaf.Thumbprint);
        Assert.True(loaded.Leaf.HasPrivateKey);
        Assert.Contains(loaded.Context.IntermediateCertificates, c => c.Thumbprint == intermediate.Thumbprint);
    }

    [Fact]
    public void A_PFX_with_a_wrong_password_is_refused_naming_binding_and_file()
    {
        TestCertificates.WritePfx(TestCertificates.SelfSigned("a.test"), _files.PathOf("a.pfx"), "right");
        File.WriteAllText(_files.PathOf("a.password"), "wrong");

        var e = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Files("a.pfx", password: "a.password"), Binding));

        Assert.StartsWith(Binding, e.Message);
        Assert.Contains(_files.PathOf("a.pfx"), e.Message);
    }

    [Fact]
    public void A_missing_certificate_file_is_refused_naming_binding_and_file()
    {
        var e = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Files("certs/none.pem", "certs/none.key"), Binding));
        Assert.Equal($"{Binding}: certificate file {_files.PathOf("certs/none.pem")} does not exist", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_is_refused_naming_it()
    {
        File.WriteAllText(_files.PathOf("junk.pem"), "this is not a certificate\n");
        var e = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Files("junk.pem"), Binding));
        Assert.Contains(_files.PathOf("junk.pem"), e.Message);
    }

    [Fact]
    public void A_key_that_belongs_to_another_certificate_is_refused_naming_both_files()
    {
        _files.WritePem("a", "a.test");
        _files.WritePem("b", "b.test");

        var e = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Files("certs/a.pem", "certs/b.key"), Binding));

        Assert.Contains(_files.PathOf("certs/a.pem"), e.Message);
        Assert.Contains(_files.PathOf("certs/b.key"), e.Message);
    }

    [Fact]
    public void A_PEM_certificate_without_a_key_is_refused_with_what_to_do()
    {
        File.WriteAllText(_files.PathOf("a.pem"), TestCertificates.SelfSigned("a.test").ExportCertificatePem());
        var e = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Files("a.pem"), Binding));
        Assert.Contains("keyFile", e.Message);
    }

    public void Dispose() => _files.Dispose();
}
