using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Www.Tests;

public sealed class WwwListenersTests
{
    private static SiteConfig Site(string name, params BindingConfig[] bindings) =>
        new() { Name = name, PhysicalPath = "wwwroot", Bindings = bindings };

    private static BindingConfig Binding(string address, int port, string host = "") =>
        new() { Address = address, Port = port, HostName = host };

    private static string[] Names(params SiteConfig[] sites) =>
        [.. WwwListeners.For(new WharfConfig { Sites = sites }).Select(l => l.Name)];

    [Fact]
    public void Wildcard_binding_takes_the_whole_port() =>
        Assert.Equal(["www/*:80"], Names(
            Site("a", Binding("127.0.0.1", 80, "a.example")),
            Site("b", Binding("*", 80, "b.example")),
            Site("c", Binding("10.0.0.1", 80))));

    [Fact]
    public void Specific_addresses_without_a_wildcard_get_one_listener_each() =>
        Assert.Equal(["www/127.0.0.1:8080", "www/[::1]:8080"], Names(
            Site("a", Binding("::1", 8080), Binding("127.0.0.1", 8080))));

    [Fact]
    public void Stopped_site_keeps_its_listener() =>
        Assert.Equal(["www/127.0.0.1:8081"], Names(
            Site("a", Binding("127.0.0.1", 8081)) with { State = SiteState.Stopped }));

    [Fact]
    public void Listeners_are_sorted_by_port_number_and_deduplicated() =>
        Assert.Equal(["www/*:80", "www/127.0.0.1:8080", "www/*:10000"], Names(
            Site("a", Binding("*", 10000), Binding("127.0.0.1", 8080, "a.example")),
            Site("b", Binding("127.0.0.1", 8080, "b.example"), Binding("*", 80)),
            Site("c", Binding("*", 80, "c.example"))));

    [Fact]
    public void Address_spellings_of_one_socket_give_one_listener() =>
        Assert.Equal(["www/127.0.0.1:8080"], Names(
            Site("a", Binding("::ffff:127.0.0.1", 8080), Binding(" 127.0.0.1", 8080))));

    [Fact]
    public void Https_bindings_get_listeners_too() =>
        Assert.Equal(["www/*:8080", "www/*:8443"], Names(
            Site("a", Binding("*", 8080), Binding("*", 8443) with { Protocol = BindingProtocol.Https })));

    [Fact]
    public void No_sites_no_listeners() => Assert.Empty(Names());

    [Fact]
    public void Definition_is_www_overlapped_with_the_listeners_of_its_bindings()
    {
        var definition = WwwServiceDefinition.Create(new Wharf.Config.DataRoot("/srv/wharf"));
        Assert.Equal("www", definition.Name);
        Assert.True(definition.CanOverlap);
        var config = new WharfConfig { Sites = [Site("a", Binding("*", 8080))] };
        Assert.Equal([new ListenerSpec("www", "*", 8080)], definition.Listeners(config));
        Assert.IsType<WwwService>(definition.Create());
    }

    [Fact]
    public void A_socket_handed_directly_to_a_pools_workers_is_not_www_s()
    {
        var config = new WharfConfig
        {
            Sites = [Site("api", Binding("*", 8090)) with { ApplicationPool = "Api" }, Site("static", Binding("127.0.0.1", 8091))],
            ApplicationPools = [new AppPoolConfig { Name = "Api", Program = new WorkerProgramConfig { Command = "/usr/bin/api", DirectHandoff = true } }],
        };

        Assert.Equal(["www/127.0.0.1:8091"], WwwListeners.For(config).Select(l => l.Name));
    }

    [Fact]
    public void Listeners_of_sites_with_an_application_in_a_pool_with_workers_are_forwarding()
    {
        var config = new WharfConfig
        {
            Sites =
            [
                Site("static", Binding("127.0.0.1", 80)),
                Site("shop", Binding("127.0.0.1", 8080)) with
                {
                    Applications = [new ApplicationConfig { Path = "/api", PhysicalPath = "api", ApplicationPool = "Api" }],
                },
                Site("both", Binding("*", 9000, "a.example")) with { ApplicationPool = "api" },
                Site("plain", Binding("*", 9000, "b.example")),
                Site("no program", Binding("127.0.0.1", 9100)) with { ApplicationPool = "Empty" },
            ],
            ApplicationPools =
            [
                new AppPoolConfig { Name = "DefaultAppPool" },
                new AppPoolConfig { Name = "Api", Program = new WorkerProgramConfig { Command = "/usr/bin/true" } },
                new AppPoolConfig { Name = "Empty" },
            ],
        };
        Assert.Equal(["www/*:9000", "www/127.0.0.1:8080"], WwwListeners.Forwarding(config));
    }
}
