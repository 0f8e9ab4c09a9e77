using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Offline;

namespace Wharf.Www.Tests.Pools.Offline;

/// <summary>The offline set as a pure function: which pools the files take offline, and the reports between two states.</summary>
public sealed class OfflinePoolsTests
{
    private static readonly OfflineApplication[] Applications =
    [
        new("/srv/shop", "Shop"),
        new("/srv/shop-api", "Shop"),
        new("/srv/blog", "Blog"),
    ];

    private static Dictionary<string, OfflinePage> Pages(params string[] folders) =>
        folders.ToDictionary(f => f, f => new OfflinePage(new byte[1], f + "/app_offline.htm"));

    [Fact]
    public void A_pool_is_offline_by_the_first_of_its_applications_that_holds_the_file()
    {
        var offline = OfflinePools.Offline(Applications, Pages("/srv/shop-api", "/srv/shop"));

        Assert.Equal("/srv/shop/app_offline.htm", Assert.Single(offline).Value);
    }

    [Fact]
    public void Only_a_change_of_the_set_is_reported()
    {
        var before = OfflinePools.Offline(Applications, Pages("/srv/shop"));
        var after = OfflinePools.Offline(Applications, Pages("/srv/shop-api", "/srv/blog"));

        var reports = OfflinePools.Changes(before, after).ToList();

        Assert.Equal([new PoolReport { Kind = PoolReportKind.Offline, Pool = "Blog", Detail = "/srv/blog/app_offline.htm" }], reports);
        Assert.Equal(PoolReportKind.Online, Assert.Single(OfflinePools.Changes(after, OfflinePools.Offline(Applications, Pages("/srv/shop")))).Kind);
    }
}
