using Wharf.Config.Model;
using static Wharf.Config.Tests.Samples;

namespace Wharf.Config.Tests;

public sealed class ValidatorBindingRulesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_1_to_65535_is_an_error(int port)
    {
        Assert.Equal(new ConfigError("/sites/0/bindings/0/port", $"{port} is not a port; ports are 1 to 65535"), OnlyError(WithBinding(Http(port))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Ports_1_and_65535_are_allowed(int port)
    {
        Assert.Empty(Errors(WithBinding(Http(port))));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("127.0.0.1")]
    [InlineData("192.168.10.20")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::8a2e:370:7334")]
    public void The_address_is_a_wildcard_or_an_IP_literal(string address)
    {
        Assert.Empty(Errors(WithBinding(Http(8080, address))));
    }

    [Theory]
    [InlineData("localhost", "\"localhost\" is not an IP address; use \"*\" for every address or an IP address such as \"127.0.0.1\" (host names go in \"hostName\")")]
    [InlineData("1", "\"1\" is not an IP address; use \"*\" for every address or an IP address such as \"127.0.0.1\" (host names go in \"hostName\")")]
    [InlineData("256.1.1.1", "\"256.1.1.1\" is not an IP address; use \"*\" for every address or an IP address such as \"127.0.0.1\" (host names go in \"hostName\")")]
    [InlineData("", "an empty address is not allowed; use \"*\" for every address or an IP address such as \"127.0.0.1\"")]
    [InlineData("[::1]", "\"[::1]\" is not an IP address; write IPv6 addresses without brackets, such as \"::1\"")]
    [InlineData("0.0.0.0", "\"0.0.0.0\" means every address; write \"*\" so every binding on this port agrees")]
    [InlineData("::", "\"::\" means every address; write \"*\" so every binding on this port agrees")]
    public void Anything_else_as_an_address_is_an_error_saying_what_to_write(string address, string message)
    {
        Assert.Equal(new ConfigError("/sites/0/bindings/0/address", message), OnlyError(WithBinding(Http(8080, address))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.com")]
    [InlineData("www.Example.COM")]
    [InlineData("a-b.c1.example")]
    [InlineData("localhost")]
    public void The_host_name_is_empty_or_a_DNS_name(string host)
    {
        Assert.Empty(Errors(WithBinding(Http(8080, hostName: host))));
    }

    [Theory]
    [InlineData("http://example.com", "write only the name")]
    [InlineData("example.com:8080", "the port goes in \"port\"")]
    [InlineData("*.example.com", "wildcard host names are not supported")]
    [InlineData("exa mple.com", "labels of 1 to 63 letters")]
    [InlineData("-bad.example", "not starting or ending with a hyphen")]
    [InlineData("a..b", "labels of 1 to 63 letters")]
    [InlineData("under_score.example", "labels of 1 to 63 letters")]
    public void An_invalid_host_name_is_an_error_saying_why(string host, string why)
    {
        var error = OnlyError(WithBinding(Http(8080, hostName: host)));

        Assert.Equal("/sites/0/bindings/0/hostName", error.Path);
        Assert.StartsWith($"\"{host}\" is not a host name; ", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void A_host_name_longer_than_253_characters_is_an_error()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));

        Assert.Contains("at most 253 characters", OnlyError(WithBinding(Http(8080, hostName: host))).Message);
    }

    [Fact]
    public void An_https_binding_without_a_certificate_is_an_error_naming_the_field()
    {
        Assert.Equal("/sites/0/bindings/0/certificateFile",
            OnlyError(WithBinding(Https(8443) with { CertificateFile = null })).Path);
    }

    [Fact]
    public void An_http_binding_with_a_certificate_is_an_error()
    {
        var error = OnlyError(WithBinding(Http(8080) with { KeyFile = "config/certs/site.key" }));

        Assert.Equal("/sites/0/bindings/0/keyFile", error.Path);
        Assert.Contains("http binding has no certificate", error.Message);
    }

    [Fact]
    public void Two_sites_with_the_same_binding_are_an_error_naming_both()
    {
        var error = OnlyError(WithSites(Site(1, "Blog", Http(8080, "127.0.0.1", "example.com")), Site(2, "Shop", Http(8080, "127.0.0.1", "EXAMPLE.com"))));

        Assert.Equal(new ConfigError("/sites/1/bindings/0",
            "sites \"Blog\" and \"Shop\" both bind http 127.0.0.1:8080 host \"EXAMPLE.com\"; a binding belongs to one site (the other is at /sites/0/bindings/0)"), error);
    }

    [Fact]
    public void The_same_binding_twice_in_one_site_is_an_error()
    {
        var error = OnlyError(WithSites(Site(1, "Blog", Http(8080), Http(8080))));

        Assert.Equal(new ConfigError("/sites/0/bindings/1", "http *:8080 appears twice in site \"Blog\" (also at /sites/0/bindings/0)"), error);
    }

    [Fact]
    public void Two_spellings_of_one_IPv6_address_are_the_same_binding()
    {
        var error = OnlyError(WithSites(Site(1, "A", Http(8080, "::1")), Site(2, "B", Http(8080, "0:0::1"))));

        Assert.Contains("both bind http [::1]:8080", error.Message);
    }

    [Fact]
    public void Sites_on_one_port_with_different_host_names_are_allowed()
    {
        Assert.Empty(Errors(WithSites(Site(1, "A", Http(80, hostName: "a.example")), Site(2, "B", Http(80, hostName: "b.example")), Site(3, "C", Http(80)))));
    }

    [Fact]
    public void The_same_port_with_a_wildcard_and_a_specific_address_is_allowed()
    {
        Assert.Empty(Errors(WithSites(Site(1, "A", Http(8080)), Site(2, "B", Http(8080, "127.0.0.1")))));
    }

    [Fact]
    public void Http_and_https_on_the_same_address_and_port_are_an_error()
    {
        var errors = Errors(WithSites(Site(1, "A", Http(8443, "127.0.0.1")), Site(2, "B", Https(8443, "127.0.0.1"))));

        Assert.Contains(new ConfigError("/sites/1/bindings/0/protocol",
            "https 127.0.0.1:8443 (site \"B\") and http 127.0.0.1:8443 (site \"A\", /sites/0/bindings/0) would share one socket, which serves http or https, not both; use another port"), errors);
    }

    [Fact]
    public void Http_on_a_wildcard_and_https_on_a_specific_address_of_one_port_are_an_error()
    {
        var errors = Errors(WithSites(Site(1, "A", Http(8443)), Site(2, "B", Https(8443, "10.0.0.1"))));

        Assert.Contains(errors, e => e.Path == "/sites/1/bindings/0/protocol" && e.Message.Contains("would share one socket"));
    }

    [Fact]
    public void Http_and_https_on_different_ports_do_not_conflict()
    {
        Assert.Empty(Errors(WithSites(Site(1, "A", Http(8080), Https(8443)))));
    }

    [Fact]
    public void A_malformed_binding_is_reported_once_not_again_as_a_conflict()
    {
        var errors = Errors(WithSites(Site(1, "A", Http(0)), Site(2, "B", Http(0))));

        Assert.Equal(["/sites/0/bindings/0/port", "/sites/1/bindings/0/port"], errors.Select(e => e.Path));
    }

    private static WharfConfig WithBinding(BindingConfig binding) => WithSite(s => s with { Bindings = [binding] });
}
