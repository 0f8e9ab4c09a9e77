using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>A site's W3C extended log (IIS's &lt;site&gt;&lt;logFile&gt;): logs/W3SVC&lt;id&gt;/u_exYYMMDD.log.</summary>
public sealed record LogFileConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>The folder holding W3SVC&lt;id&gt;; absolute or relative to the data root.</summary>
    public string Directory { get; init; } = "logs";

    public LogPeriod Period { get; init; } = LogPeriod.Daily;

    /// <summary>With period maxSize: the size at which a new file starts (IIS: 20971520, at least 1048576).</summary>
    public long TruncateSize { get; init; } = 20_971_520;

    /// <summary>W3C field names in the order written; IIS 10's defaults.</summary>
    public IReadOnlyList<string> Fields { get; init; } = W3cFields.Default;
}

/// <summary>When a new log file starts; times are UTC, as IIS's localTimeRollover=false.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<LogPeriod>))]
public enum LogPeriod
{
    MaxSize,
    Hourly,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>The W3C extended log fields Wharf writes, with IIS's names.</summary>
public static class W3cFields
{
    public static readonly IReadOnlyList<string> Default =
    [
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip",
        "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken",
    ];

    public static readonly IReadOnlyList<string> Known =
    [
        .. Default,
        "s-sitename", "s-computername", "sc-bytes", "cs-bytes", "cs-version", "cs-host", "cs(Cookie)",
    ];
}
