using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.TestKit;
using Wharf.Www.Tls;

namespace Wharf.Www.Tests.Support;

/// <summary>A scratch data root for certificate files, and the bindings that name them.</summary>
internal sealed class TlsFiles : IDisposable
{
    public TlsFiles()
    {
        Root = new DataRoot(Directory.CreateTempSubdirectory("wharf-tls-").FullName);
    }

    public DataRoot Root { get; }

    public List<string> Events { get; } = [];

    public CertificateEvents CertificateEvents => new(NullLogger.Instance, (name, detail) => { lock (Events) Events.Add($"{name.Spelling()}: {detail}"); });

    public string PathOf(string relative) => Root.Resolve(relative);

    /// <summary>A self-signed certificate for <paramref name="hostName"/> in certs/NAME.pem with its key in certs/NAME.key.</summary>
    public X509Certificate2 WritePem(string name, string hostName)
    {
        var certificate = TestCertificates.SelfSigned(hostName);
        TestCertificates.WritePem(certificate, PathOf($"certs/{name}.pem"), PathOf($"certs/{name}.key"));
        return certificate;
    }

    public static BindingConfig Https(string name, int port = 443, string address = "*", string host = "") => new()
    {
        Protocol = BindingProtocol.Https, Address = address, Port = port, HostName = host,
        CertificateFile = $"certs/{name}.pem", KeyFile = $"certs/{name}.key",
    };

    public static WharfConfig ConfigOf(params SiteConfig[] sites) => new() { Version = 1, Sites = sites };

    public static SiteConfig Site(string name, params BindingConfig[] bindings) =>
        new() { Name = name, PhysicalPath = "wwwroot", Bindings = bindings };

    public void Dispose()
    {
        try { Directory.Delete(Root.Path, recursive: true); } catch (IOException) { }
    }
}
