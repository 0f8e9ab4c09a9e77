using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>A web site, as IIS 7's &lt;site&gt;: the root application comes from the site itself.</summary>
public sealed record SiteConfig
{
    /// <summary>Given by the store; used in log folder names (W3SVC&lt;id&gt;).</summary>
    public long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Absolute, or relative to the data root.</summary>
    public required string PhysicalPath { get; init; }

    public SiteState State { get; init; } = SiteState.Started;

    public IReadOnlyList<BindingConfig> Bindings { get; init; } = [];

    /// <summary>Pool of the root application.</summary>
    public string ApplicationPool { get; init; } = "DefaultAppPool";

    /// <summary>Virtual directories of the root application ("/images" served from another folder).</summary>
    public IReadOnlyList<VirtualDirectoryConfig> VirtualDirectories { get; init; } = [];

    public IReadOnlyList<ApplicationConfig> Applications { get; init; } = [];

    /// <summary>Tried in order for a request to a folder (IIS's &lt;defaultDocument&gt;).</summary>
    public IReadOnlyList<string> DefaultDocuments { get; init; } = ["index.html", "index.htm", "default.htm", "default.html"];

    /// <summary>A listing for a folder with no default document; off by default, as in IIS.</summary>
    public bool DirectoryBrowsing { get; init; }

    public StaticContentConfig StaticContent { get; init; } = new();

    public CompressionConfig Compression { get; init; } = new();

    /// <summary>Custom error pages by status code (IIS's &lt;httpErrors&gt;).</summary>
    public IReadOnlyList<HttpErrorConfig> HttpErrors { get; init; } = [];

    /// <summary>Added to every response of the site (IIS's &lt;httpProtocol&gt;&lt;customHeaders&gt;).</summary>
    public IReadOnlyList<HeaderConfig> CustomHeaders { get; init; } = [];

    public SiteLimitsConfig Limits { get; init; } = new();

    public LogFileConfig LogFile { get; init; } = new();
}

[JsonConverter(typeof(CamelCaseEnumConverter<SiteState>))]
public enum SiteState
{
    Started,
    Stopped,
}

public sealed record BindingConfig
{
    public BindingProtocol Protocol { get; init; } = BindingProtocol.Http;

    /// <summary>An IP address, or <c>*</c> for every address.</summary>
    public string Address { get; init; } = "*";

    public required int Port { get; init; }

    /// <summary>Empty matches any host name. On https it is also the SNI name the certificate is chosen by.</summary>
    public string HostName { get; init; } = "";

    /// <summary>https only: a PEM certificate (chain) or a PFX file; absolute or relative to the data root.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>https only: the PEM private key, when it is not in <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>
    /// https only: a file holding the password of a PFX or an encrypted PEM key. The store keeps
    /// no secrets, only where they are.
    /// </summary>
    public string? PasswordFile { get; init; }
}

[JsonConverter(typeof(CamelCaseEnumConverter<BindingProtocol>))]
public enum BindingProtocol
{
    Http,
    Https,
}

/// <summary>A URL path served by one application pool, holding virtual directories.</summary>
public sealed record ApplicationConfig
{
    public required string Path { get; init; }
    public required string PhysicalPath { get; init; }
    public string ApplicationPool { get; init; } = "DefaultAppPool";
    public IReadOnlyList<VirtualDirectoryConfig> VirtualDirectories { get; init; } = [];
}

/// <summary>A URL path, relative to its application, served from another folder.</summary>
public sealed record VirtualDirectoryConfig
{
    public required string Path { get; init; }
    public required string PhysicalPath { get; init; }
}
