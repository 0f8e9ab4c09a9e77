using System.Text.Json.Serialization;

namespace Wharf.Admin.Metrics;

/// <summary>
/// One point of the last hour's charts (<c>GET /api/metrics/history</c>): rates over the interval
/// that ends at <see cref="T"/>, and levels at <see cref="T"/>.
/// </summary>
internal sealed record MetricsSample
{
    public required DateTimeOffset T { get; init; }
    public double RequestsPerSecond { get; init; }

    /// <summary>By status class, "1xx" to "5xx", each always present.</summary>
    public IReadOnlyDictionary<string, double> StatusPerSecond { get; init; } = new Dictionary<string, double>();

    public double BytesSentPerSecond { get; init; }
    public double BytesReceivedPerSecond { get; init; }

    /// <summary>Open connections of every service.</summary>
    public long Connections { get; init; }

    public IReadOnlyDictionary<string, PoolSample> Pools { get; init; } = new Dictionary<string, PoolSample>();
}

internal sealed record PoolSample
{
    public long QueueLength { get; init; }

    /// <summary>Its workers' memory, added up.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Its workers' CPU over the interval, in percent of one CPU, added up.</summary>
    public double CpuPercent { get; init; }
}

/// <summary>The history's answer, and its file under state/admin/ (the same shape).</summary>
internal sealed record MetricsHistoryDocument
{
    public int IntervalSeconds { get; init; }
    public IReadOnlyList<MetricsSample> Samples { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MetricsHistoryDocument))]
internal sealed partial class MetricsJsonContext : JsonSerializerContext;
