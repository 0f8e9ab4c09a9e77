using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Logging;
using Wharf.Www.Routing;
using Wharf.Www.Static;

namespace Wharf.Www.Tests;

/// <summary>Per-site state survives a configuration apply (a new snapshot of Site objects) and goes with its site.</summary>
public sealed class SiteRuntimesTests
{
    private readonly W3cLogWriter _logs = new(TimeProvider.System, NullLogger.Instance, (_, _) => { });
    private readonly SiteRuntimes _runtimes;

    public SiteRuntimesTests() => _runtimes = new SiteRuntimes(new DataRoot("/tmp/wharf-runtimes-test"), _logs, TimeProvider.System);

    private static Site Site(long id, SiteLimitsConfig? limits = null, bool log = true)
    {
        var config = new SiteConfig { Id = id, Name = $"site {id}", PhysicalPath = "wwwroot", Limits = limits ?? new(), LogFile = new() { Enabled = log } };
        return new(config, StaticSite.Build(config, new DataRoot("/tmp/wharf-runtimes-test"), null, NullLogger.Instance));
    }

    [Fact]
    public void A_new_snapshot_of_a_site_gets_the_same_counter_bucket_and_log_with_the_new_limits()
    {
        var v1 = Site(1, new() { MaxConnections = 5, MaxBandwidth = 4096 });
        _runtimes.Attach([v1]);
        Assert.True(v1.Runtime!.Requests.TryEnter());

        var v2 = Site(1, new() { MaxConnections = 1, MaxBandwidth = 8192 });
        _runtimes.Attach([v2]);

        Assert.Same(v1.Runtime, v2.Runtime);
        Assert.Equal(1, v2.Runtime!.Requests.InProgress);
        // The request that began under version 1 still counts against the new limit.
        Assert.False(v2.Runtime.Requests.TryEnter());
        Assert.Equal(8192, v2.Runtime.Bandwidth!.Rate);
        Assert.Same(v1.Runtime.Log, v2.Runtime.Log);
    }

    [Fact]
    public void Unlimited_bandwidth_and_a_log_turned_off_leave_nothing_to_pay_for()
    {
        var site = Site(2, new() { MaxBandwidth = null }, log: false);
        _runtimes.Attach([site]);
        Assert.Null(site.Runtime!.Bandwidth);
        Assert.Null(site.Runtime.Log);
        Assert.Null(site.Runtime.Requests.Limit);
    }

    [Fact]
    public void A_site_left_out_of_the_next_snapshot_has_its_log_retired_and_a_returning_id_starts_afresh()
    {
        var site = Site(3);
        _runtimes.Attach([site]);
        var log = site.Runtime!.Log!;

        _runtimes.Attach([Site(4)]);

        Assert.True(log.IsRetired);
        Assert.Null(_runtimes.Find(3));
        var back = Site(3);
        _runtimes.Attach([back]);
        Assert.NotSame(site.Runtime, back.Runtime);
    }
}
