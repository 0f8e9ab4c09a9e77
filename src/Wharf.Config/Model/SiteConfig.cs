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

    public IReadOnlyList<ApplicationConfig> Applications { get; init; } = [];

    public IReadOnlyList<string> DefaultDocuments { get; init; } = ["index.html", "index.htm", "default.htm", "default.html"];
}

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

    /// <summary>Empty matches any host name.</summary>
    public string HostName { get; init; } = "";
}

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

public sealed record VirtualDirectoryConfig
{
    public required string Path { get; init; }
    public required string PhysicalPath { get; init; }
}
