using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.TestKit;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

/// <summary>The www service on an https listener, in process, with .NET's own client.</summary>
public sealed class TlsHandshakeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);

    public Task InitializeAsync()
    {
        _www.WriteFile("a/index.html", "site a");
        _www.WriteFile("b/index.html", "site b");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _www.DisposeAsync();

    private BindingConfig Https(string name, string host) => new()
    {
        Protocol = BindingProtocol.Https, Address = "127.0.0.1", Port = _www.Port, HostName = host,
        CertificateFile = $"certs/{name}.pem", KeyFile = $"certs/{name}.key",
    };

    private void WriteCertificate(string name, string hostName) =>
        TestCertificates.WritePem(TestCertificates.SelfSigned(hostName), _www.Root.Resolve($"certs/{name}.pem"), _www.Root.Resolve($"certs/{name}.key"));

    private WharfConfig TwoSites(string bCertificate = "b") => new()
    {
        Version = 1,
        Sites = [WwwHarness.Site("A", "a", Https("a", "a.test")), WwwHarness.Site("B", "b", Https(bCertificate, "b.test"))],
    };

    private async Task<(Version Version, string Body, string? Subject)> GetAsync(string host, Version version)
    {
        string? subject = null;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            // The URL's host is the SNI name; the connection goes to the harness's socket.
            ConnectCallback = async (_, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _www.Port, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    subject = certificate?.Subject;
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{_www.Port}/") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        return (response.Version, await response.Content.ReadAsStringAsync(), subject);
    }

    [Fact]
    public async Task Each_host_name_gets_its_certificate_and_site_over_HTTP_2_and_HTTP_1_1()
    {
        WriteCertificate("a", "a.test");
        WriteCertificate("b", "b.test");
        await _www.StartAsync(TwoSites());

        Assert.Equal((HttpVersion.Version20, "site a", "CN=a.test"), await GetAsync("a.test", HttpVersion.Version20));
        Assert.Equal((HttpVersion.Version20, "site b", "CN=b.test"), await GetAsync("b.test", HttpVersion.Version20));
        Assert.Equal((HttpVersion.Version11, "site b", "CN=b.test"), await GetAsync("b.test", HttpVersion.Version11));
    }

    [Fact]
    public async Task An_apply_with_a_new_certificate_serves_it_and_one_with_a_bad_file_fails_and_keeps_the_old()
    {
        WriteCertificate("a", "a.test");
        WriteCertificate("b", "b.test");
        WriteCertificate("b2", "b2.test");
        await _www.StartAsync(TwoSites());

        Assert.Equal(ApplyResult.Applied, await _www.Service.ApplyAsync(TwoSites("b2") with { Version = 2 }, 2, CancellationToken.None));
        Assert.Equal("CN=b2.test", (await GetAsync("b.test", HttpVersion.Version20)).Subject);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _www.Service.ApplyAsync(TwoSites("missing") with { Version = 3 }, 3, CancellationToken.None));
        Assert.Contains("site \"B\"", failure.Message);
        Assert.Contains(_www.Root.Resolve("certs/missing.pem"), failure.Message);
        Assert.Equal("CN=b2.test", (await GetAsync("b.test", HttpVersion.Version20)).Subject);
        Assert.Equal(2, _www.Service.Sites!.ConfigVersion);
    }

    [Fact]
    public async Task A_change_between_http_and_https_on_the_same_socket_asks_for_a_restart()
    {
        WriteCertificate("a", "a.test");
        WriteCertificate("b", "b.test");
        await _www.StartAsync(TwoSites());
        var plain = new WharfConfig { Version = 2, Sites = [WwwHarness.Site("A", "a", _www.Binding("a.test"))] };

        Assert.Equal(ApplyResult.RestartNeeded, await _www.Service.ApplyAsync(plain, 2, CancellationToken.None));
    }
}
