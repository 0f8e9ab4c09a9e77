using System.Net;
using Wharf.Config.Model;
using Wharf.Www.Routing;

namespace Wharf.Www.Tests;

public sealed class BindingTableTests
{
    private static readonly IPAddress Local = IPAddress.Parse("10.0.0.5");

    private static SiteConfig Site(params BindingConfig[] bindings) =>
        new() { Name = "s", PhysicalPath = "wwwroot", Bindings = bindings };

    private static BindingConfig Binding(string address, int port, string host = "") =>
        new() { Address = address, Port = port, HostName = host };

    private static int Match(BindingTable table, string host, IPAddress? local = null, int port = 80,
        BindingProtocol protocol = BindingProtocol.Http) =>
        table.Match(protocol, local ?? Local, port, host);

    [Fact]
    public void Host_name_binding_beats_empty_host()
    {
        var table = BindingTable.Build([Site(Binding("*", 80)), Site(Binding("*", 80, "b.example"))]);
        Assert.Equal(1, Match(table, "b.example"));
        Assert.Equal(0, Match(table, "other.example"));
    }

    [Fact]
    public void Specific_address_beats_wildcard()
    {
        var table = BindingTable.Build([Site(Binding("*", 80)), Site(Binding("10.0.0.5", 80))]);
        Assert.Equal(1, Match(table, "any.example"));
        Assert.Equal(0, Match(table, "any.example", IPAddress.Parse("10.0.0.6")));
    }

    [Fact]
    public void Exact_host_on_wildcard_address_beats_empty_host_on_specific_address()
    {
        // IIS's order: IP:port:host, *:port:host, IP:port:, *:port:
        var table = BindingTable.Build([
            Site(Binding("*", 80)),
            Site(Binding("10.0.0.5", 80)),
            Site(Binding("*", 80, "b.example")),
            Site(Binding("10.0.0.5", 80, "b.example")),
        ]);
        Assert.Equal(3, Match(table, "b.example"));
        Assert.Equal(2, Match(table, "b.example", IPAddress.Parse("10.0.0.6")));
        Assert.Equal(1, Match(table, "c.example"));
        Assert.Equal(0, Match(table, "c.example", IPAddress.Parse("10.0.0.6")));
    }

    [Theory]
    [InlineData("B.Example")]
    [InlineData("b.example:8080")]
    [InlineData("b.example.")]
    [InlineData(" b.example ")]
    public void Host_names_compare_without_case_port_or_trailing_dot(string header)
    {
        var table = BindingTable.Build([Site(Binding("*", 80)), Site(Binding("*", 80, "b.example"))]);
        Assert.Equal(1, Match(table, header));
    }

    [Fact]
    public void Empty_host_binding_serves_requests_without_a_Host_header()
    {
        var table = BindingTable.Build([Site(Binding("*", 80, "b.example")), Site(Binding("*", 80))]);
        Assert.Equal(1, Match(table, ""));
    }

    [Fact]
    public void Unknown_host_without_an_empty_host_binding_matches_no_site()
    {
        var table = BindingTable.Build([Site(Binding("*", 80, "b.example"))]);
        Assert.Equal(BindingTable.NoSite, Match(table, "c.example"));
        Assert.Equal(BindingTable.NoSite, Match(table, ""));
    }

    [Fact]
    public void Binding_on_another_port_does_not_match()
    {
        var table = BindingTable.Build([Site(Binding("*", 8080))]);
        Assert.Equal(BindingTable.NoSite, Match(table, "a.example", port: 80));
    }

    [Fact]
    public void Specific_address_binding_does_not_answer_other_local_addresses()
    {
        var table = BindingTable.Build([Site(Binding("10.0.0.5", 80))]);
        Assert.Equal(BindingTable.NoSite, Match(table, "", IPAddress.Parse("10.0.0.6")));
        Assert.Equal(BindingTable.NoSite, Match(table, "", IPAddress.None));
    }

    [Fact]
    public void Ipv4_mapped_local_address_of_a_dual_mode_socket_matches_an_ipv4_binding()
    {
        var table = BindingTable.Build([Site(Binding("*", 80)), Site(Binding("127.0.0.1", 80))]);
        Assert.Equal(1, Match(table, "", IPAddress.Parse("::ffff:127.0.0.1")));
    }

    [Fact]
    public void Https_binding_does_not_take_plain_http()
    {
        var table = BindingTable.Build([Site(Binding("*", 443) with { Protocol = BindingProtocol.Https })]);
        Assert.Equal(BindingTable.NoSite, Match(table, "", port: 443));
        Assert.Equal(0, Match(table, "", port: 443, protocol: BindingProtocol.Https));
    }

    [Fact]
    public void First_site_wins_a_duplicate_binding()
    {
        var table = BindingTable.Build([Site(Binding("*", 80, "a.example")), Site(Binding("*", 80, "A.example"))]);
        Assert.Equal(0, Match(table, "a.example"));
    }

    [Theory]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("127.0.0.1:80", "127.0.0.1")]
    [InlineData("example.com", "example.com")]
    [InlineData("", "")]
    public void Host_header_name_drops_the_port(string header, string name) =>
        Assert.Equal(name, HostHeader.Name(header).ToString());
}
