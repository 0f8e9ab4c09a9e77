using System.Net;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Www.Tests.Support;
using Wharf.Www.Tls;
using static Wharf.Www.Tests.Support.TlsFiles;

namespace Wharf.Www.Tests;

public sealed class TlsCertificateStoreTests : IDisposable
{
    private static readonly IPAddress Local = IPAddress.Loopback;
    private readonly TlsFiles _files = new();
    private readonly FakeTimeProvider _time = new();

    private CertificateStore Build(WharfConfig config, CertificateStore? previous = null) =>
        CertificateStore.Build(config, _files.Root, previous, _time, _files.CertificateEvents);

    private static string? Subject(CertificateStore store, string? sni, IPAddress? local = null, int port = 443) =>
        store.Select(local ?? Local, port, sni)?.Current.Leaf.Subject;

    [Fact]
    public void The_SNI_name_picks_its_binding_certificate_and_an_empty_host_name_is_the_default()
    {
        _files.WritePem("a", "a.test");
        _files.WritePem("b", "b.test");
        _files.WritePem("default", "default.test");
        var store = Build(ConfigOf(Site("A", Https("a", host: "a.test")), Site("B", Https("b", host: "B.Test")), Site("D", Https("default"))));

        Assert.Equal("CN=a.test", Subject(store, "a.test"));
        Assert.Equal("CN=b.test", Subject(store, "b.test."));
        Assert.Equal("CN=default.test", Subject(store, "other.test"));
        Assert.Equal("CN=default.test", Subject(store, null));
    }

    [Fact]
    public void A_binding_on_the_connection_address_beats_a_wildcard_binding()
    {
        _files.WritePem("any", "any.test");
        _files.WritePem("two", "two.test");
        var store = Build(ConfigOf(Site("Any", Https("any", host: "x.test")), Site("Two", Https("two", address: "127.0.0.2", host: "x.test"))));

        Assert.Equal("CN=two.test", Subject(store, "x.test", IPAddress.Parse("127.0.0.2")));
        Assert.Equal("CN=any.test", Subject(store, "x.test", IPAddress.Parse("::ffff:127.0.0.1")));
    }

    [Fact]
    public void An_unknown_name_on_a_socket_without_default_gets_its_first_certificate_and_another_port_gets_none()
    {
        _files.WritePem("a", "a.test");
        _files.WritePem("b", "b.test");
        var store = Build(ConfigOf(Site("A", Https("a", host: "a.test")), Site("B", Https("b", host: "b.test"))));

        Assert.Equal("CN=a.test", Subject(store, "nobody.test"));
        Assert.Null(Subject(store, "a.test", port: 8443));
    }

    [Fact]
    public void Every_bad_binding_is_named_in_one_failure()
    {
        _files.WritePem("good", "good.test");
        var e = Assert.Throws<CertificateLoadException>(() => Build(ConfigOf(
            Site("Good", Https("good", host: "good.test")),
            Site("Bad", Https("gone", host: "gone.test"), Https("lost", host: "lost.test")))));

        Assert.Contains("site \"Bad\" binding https *:443 host \"gone.test\" (/sites/1/bindings/0): certificate file " + _files.PathOf("certs/gone.pem"), e.Message);
        Assert.Contains("(/sites/1/bindings/1): certificate file " + _files.PathOf("certs/lost.pem"), e.Message);
        Assert.DoesNotContain("good", e.Message);
    }

    [Fact]
    public void Bindings_naming_the_same_files_share_one_certificate_and_a_new_version_takes_it_over()
    {
        _files.WritePem("a", "a.test");
        var config = ConfigOf(Site("A", Https("a", host: "a.test"), Https("a", address: "127.0.0.1", host: "www.a.test")));
        var first = Build(config);
        // Were the files read again, this one would be served instead.
        _files.WritePem("a", "rewritten.test");
        var second = Build(ConfigOf(Site("Renamed", Https("a", host: "a.test"))), previous: first);

        Assert.Single(first.Certificates);
        Assert.Same(first.Certificates.Single().Current, second.Certificates.Single().Current);
        Assert.StartsWith("site \"Renamed\"", second.Certificates.Single().Binding);
    }

    public void Dispose() => _files.Dispose();
}

public sealed class TlsCertificateValidityTests : IDisposable
{
    private readonly TlsFiles _files = new();

    [Fact]
    public void An_expired_certificate_is_served_with_a_warning_naming_binding_and_file()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=old.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        Wharf.TestKit.TestCertificates.WritePem(expired, _files.PathOf("certs/old.pem"), _files.PathOf("certs/old.key"));
        var log = new ListLogger();

        var store = CertificateStore.Build(ConfigOf(Site("Old", Https("old"))), _files.Root, null, TimeProvider.System,
            new CertificateEvents(log, (_, _) => { }));

        Assert.Equal("CN=old.test", store.Select(IPAddress.Loopback, 443, null)?.Current.Leaf.Subject);
        var warning = Assert.Single(log.Lines, l => l.Id == 4102);
        Assert.Contains("site \"Old\"", warning.Text);
        Assert.Contains(_files.PathOf("certs/old.pem"), warning.Text);
    }

    public void Dispose() => _files.Dispose();

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(int Id, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((eventId.Id, formatter(state, exception)));
    }
}
