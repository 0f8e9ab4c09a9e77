namespace Wharf.Config.Model;

/// <summary>IIS's &lt;site&gt;&lt;limits&gt; and the request filtering limits that go with them.</summary>
public sealed record SiteLimitsConfig
{
    /// <summary>Bytes per second shared by all of the site's responses; null is unlimited (IIS's 4294967295).</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>Requests served at once; beyond it the answer is 503.2. Null is unlimited.</summary>
    public long? MaxConnections { get; init; }

    /// <summary>How long a connection may be idle, or a request head or body stall (IIS: 00:02:00).</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest request body; beyond it 413 (IIS's maxAllowedContentLength, 30000000).</summary>
    public long MaxRequestBodyBytes { get; init; } = 30_000_000;

    /// <summary>Longest URL path; beyond it 414 (IIS's maxUrl, 4096).</summary>
    public int MaxUrlLength { get; init; } = 4096;

    /// <summary>Longest query string; beyond it 414 (IIS's maxQueryString, 2048).</summary>
    public int MaxQueryStringLength { get; init; } = 2048;
}
