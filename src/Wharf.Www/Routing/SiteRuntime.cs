using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Limits;
using Wharf.Www.Logging;

namespace Wharf.Www.Routing;

/// <summary>
/// What one site keeps across configuration versions (the snapshots come and go; this stays
/// with the site's id): its requests in progress, its bandwidth bucket, its open log. Each new
/// version updates it in place (<see cref="SiteRuntimes"/>).
/// </summary>
internal sealed class SiteRuntime
{
    private TokenBucket? _bandwidth;
    private SiteLog? _log;

    public SiteRuntime(TimeProvider time) => Time = time;

    public TimeProvider Time { get; }

    public RequestGate Requests { get; } = new();

    public Metrics.SiteCounters Counters { get; } = new();

    /// <summary>Null when the site's bandwidth is unlimited.</summary>
    public TokenBucket? Bandwidth => Volatile.Read(ref _bandwidth);

    /// <summary>Null when the site's log is off.</summary>
    public SiteLog? Log => Volatile.Read(ref _log);

    public void Update(SiteConfig site, DataRoot root, W3cLogWriter logs)
    {
        Requests.Limit = site.Limits.MaxConnections;
        Counters.Name = site.Name;

        if (site.Limits.MaxBandwidth is not { } rate) Volatile.Write(ref _bandwidth, null);
        else if (_bandwidth is { } bucket) bucket.SetRate(rate);
        else Volatile.Write(ref _bandwidth, new TokenBucket(rate, Time));

        if (!site.LogFile.Enabled)
        {
            Interlocked.Exchange(ref _log, null)?.Retire();
            return;
        }
        var settings = SiteLogSettings.For(site, root);
        if (_log is { } log) log.Configure(settings);
        else Volatile.Write(ref _log, logs.Create(settings));
    }

    /// <summary>The site is gone: its log file is closed once its last lines are written.</summary>
    public void Retire() => Interlocked.Exchange(ref _log, null)?.Retire();
}
