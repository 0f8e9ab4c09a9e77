using Wharf.Config.Model;
using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class DirectHandoffTests
{
    private static SiteConfig Site(string name, string pool, params (string Address, int Port)[] bindings) => new()
    {
        Name = name,
        PhysicalPath = "/srv/" + name,
        ApplicationPool = pool,
        Bindings = [.. bindings.Select(b => new BindingConfig { Address = b.Address, Port = b.Port, HostName = name + ".example" })],
    };

    private static AppPoolConfig Pool(string name, bool handoff = true) =>
        new() { Name = name, Program = new WorkerProgramConfig { Command = "/usr/bin/app", DirectHandoff = handoff } };

    private static Dictionary<string, string[]> Handed(params SiteConfig[] sites) => Handed([Pool("Api"), Pool("Shop"), Pool("Plain", handoff: false)], sites);

    private static Dictionary<string, string[]> Handed(AppPoolConfig[] pools, params SiteConfig[] sites) =>
        DirectHandoff.ByPool(new WharfConfig { Sites = sites, ApplicationPools = pools })
            .ToDictionary(p => p.Key, p => p.Value.Select(s => s.Name).ToArray());

    [Fact]
    public void Every_socket_of_a_site_wholly_in_a_handing_pool_goes_to_that_pool()
    {
        var handed = Handed(Site("api", "Api", ("*", 8080), ("127.0.0.1", 8443)));

        Assert.Equal(["Api"], handed.Keys);
        Assert.Equal(["www/*:8080", "www/127.0.0.1:8443"], handed["Api"]);
    }

    [Fact]
    public void A_pool_without_directHandoff_takes_nothing() =>
        Assert.Empty(Handed(Site("plain", "Plain", ("*", 8080))));

    [Fact]
    public void A_site_with_an_application_in_another_pool_keeps_its_sockets_in_www()
    {
        var site = Site("api", "Api", ("*", 8080)) with
        {
            Applications = [new ApplicationConfig { Path = "/static", PhysicalPath = "/srv/static", ApplicationPool = "DefaultAppPool" }],
        };

        Assert.Empty(Handed(site));
    }

    [Fact]
    public void A_socket_shared_with_another_pools_site_by_host_name_stays_with_www() =>
        Assert.Empty(Handed(Site("api", "Api", ("*", 8080)), Site("shop", "Shop", ("*", 8080))));

    [Fact]
    public void A_wildcard_binding_on_the_port_makes_the_specific_addresses_one_socket_with_its_sites()
    {
        // www binds *:8080 alone; the other site's 127.0.0.1:8080 arrives on it too.
        Assert.Empty(Handed(Site("api", "Api", ("*", 8080)), Site("shop", "Shop", ("127.0.0.1", 8080))));
        Assert.Equal(["www/*:8080"], Handed(Site("api", "Api", ("*", 8080)), Site("api2", "Api", ("127.0.0.1", 8080)))["Api"]);
    }

    [Fact]
    public void Sockets_on_separate_addresses_go_each_to_its_own_pool()
    {
        var handed = Handed(Site("api", "Api", ("127.0.0.1", 8080)), Site("shop", "Shop", ("::ffff:127.0.0.2", 8080)));

        Assert.Equal(["www/127.0.0.1:8080"], handed["Api"]);
        Assert.Equal(["www/127.0.0.2:8080"], handed["Shop"]);
    }

    [Fact]
    public void Names_lists_every_handed_socket_once() =>
        Assert.Equal(["www/*:8080", "www/*:9090"], DirectHandoff.Names(new WharfConfig
        {
            Sites = [Site("api", "Api", ("*", 8080)), Site("shop", "Shop", ("*", 9090))],
            ApplicationPools = [Pool("Api"), Pool("Shop")],
        }).Order());
}
