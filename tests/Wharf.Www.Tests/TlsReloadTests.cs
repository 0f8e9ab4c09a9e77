using Microsoft.Extensions.Time.Testing;
using Wharf.TestKit;
using Wharf.Www.Tests.Support;
using Wharf.Www.Tls;
using static Wharf.Www.Tests.Support.TlsFiles;

namespace Wharf.Www.Tests;

/// <summary>A certificate replaced on disk is served without a restart; a broken replacement is not.</summary>
public sealed class TlsReloadTests : IDisposable
{
    private readonly TlsFiles _files = new();
    private readonly FakeTimeProvider _time = new();

    private ServerCertificate Start()
    {
        var store = CertificateStore.Build(ConfigOf(Site("A", Https("a"))), _files.Root, null, _time, _files.CertificateEvents);
        return Assert.Single(store.Certificates);
    }

    [Fact]
    public void A_replaced_certificate_is_served_after_the_next_check_and_not_before()
    {
        _files.WritePem("a", "old.test");
        var certificate = Start();
        _files.WritePem("a", "new.test");

        Assert.Equal("CN=old.test", certificate.Current.Leaf.Subject);
        _time.Advance(ServerCertificate.CheckInterval);
        Assert.Equal("CN=new.test", certificate.Current.Leaf.Subject);
        Assert.Contains(_files.Events, e => e.StartsWith("certificate-reloaded: ", StringComparison.Ordinal) && e.Contains("CN=new.test", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_replacement_keeps_the_old_certificate_reports_once_and_is_taken_when_fixed()
    {
        _files.WritePem("a", "old.test");
        var certificate = Start();
        TestCertificates.WriteByRename(_files.PathOf("certs/a.pem"), "half a certificate");

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(ServerCertificate.CheckInterval);
            Assert.Equal("CN=old.test", certificate.Current.Leaf.Subject);
        }
        var reported = Assert.Single(_files.Events);
        Assert.StartsWith("certificate-invalid: site \"A\"", reported);
        Assert.Contains(_files.PathOf("certs/a.pem"), reported);

        _files.WritePem("a", "fixed.test");
        _time.Advance(ServerCertificate.CheckInterval);
        Assert.Equal("CN=fixed.test", certificate.Current.Leaf.Subject);
    }

    public void Dispose() => _files.Dispose();
}
