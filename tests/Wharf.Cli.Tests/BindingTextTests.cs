using System.Text.Json.Nodes;
using Wharf.Cli.Modules.Www.Sites;

namespace Wharf.Cli.Tests;

/// <summary>IIS's binding form, protocol/address:port:host, as `wharf site` reads and writes it.</summary>
public sealed class BindingTextTests
{
    [Theory]
    [InlineData("http/127.0.0.1:8081:", "http", "127.0.0.1", 8081, "")]
    [InlineData("http/127.0.0.1:8081", "http", "127.0.0.1", 8081, "")]
    [InlineData("https/*:443:www.example.com", "https", "*", 443, "www.example.com")]
    [InlineData("HTTPS/*:443:WWW.Example.COM", "https", "*", 443, "www.example.com")]
    [InlineData("http/:80:", "http", "*", 80, "")]
    [InlineData("*:8080:", "http", "*", 8080, "")]
    [InlineData("http/[::1]:8080:localhost", "http", "::1", 8080, "localhost")]
    [InlineData("http/[0:0::1]:8080:", "http", "::1", 8080, "")]
    [InlineData(" http/10.0.0.5:65535:a ", "http", "10.0.0.5", 65535, "a")]
    public void Reads_protocol_address_port_and_host(string text, string protocol, string address, int port, string host)
    {
        var (binding, error) = BindingText.Parse(text);
        Assert.Null(error);
        Assert.Equal(new BindingText(protocol, address, port, host), binding);
    }

    [Theory]
    [InlineData("ftp/*:21:", "neither http nor https")]
    [InlineData("http/*", "port is missing")]
    [InlineData("http/*:0:", "'0' is not a port")]
    [InlineData("http/*:70000:", "'70000' is not a port")]
    [InlineData("http/*:eighty:", "'eighty' is not a port")]
    [InlineData("http/*::", "'' is not a port")]
    [InlineData("http/localhost:80:", "'localhost' is not an IP address")]
    [InlineData("http/1:80:", "'1' is not an IP address")]
    [InlineData("http/[::1:80:", "not closed")]
    [InlineData("http/[10.0.0.1]:80:", "not an IPv6 address")]
    [InlineData("http/[::1]80", "port is missing")]
    [InlineData("http/*:80:a:b", "'a:b' is not a host name")]
    public void Refuses_what_is_not_a_binding_naming_the_part(string text, string why)
    {
        var (binding, error) = BindingText.Parse(text);
        Assert.Null(binding);
        Assert.Contains(why, error);
        Assert.Contains($"'{text}' is not a binding", error);
        Assert.Contains("protocol/address:port:host", error);
    }

    [Theory]
    [InlineData("http/127.0.0.1:8081:", "http/127.0.0.1:8081:")]
    [InlineData("*:80", "http/*:80:")]
    [InlineData("https/[::1]:443:a.example", "https/[::1]:443:a.example")]
    public void Writes_as_IIS_lists_bindings(string text, string written) =>
        Assert.Equal(written, BindingText.Parse(text).Binding!.ToString());

    [Fact]
    public void Becomes_the_configuration_s_binding_with_certificate_files_when_given()
    {
        var binding = BindingText.Parse("https/*:8443:shop.example").Binding!;
        Assert.Equal("""{"protocol":"https","address":"*","port":8443,"hostName":"shop.example","certificateFile":"c.pem","keyFile":"c.key"}""",
            binding.ToJson("c.pem", "c.key").ToJsonString());
        Assert.Equal("""{"protocol":"http","address":"127.0.0.1","port":80}""", BindingText.Parse("http/127.0.0.1:80:").Binding!.ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("""{"protocol":"http","address":"127.0.0.1","port":8080}""", true)]
    [InlineData("""{"address":"127.0.0.1","port":8080}""", true)]
    [InlineData("""{"protocol":"http","address":"127.0.0.1","port":8080,"hostName":""}""", true)]
    [InlineData("""{"protocol":"https","address":"127.0.0.1","port":8080}""", false)]
    [InlineData("""{"protocol":"http","address":"*","port":8080}""", false)]
    [InlineData("""{"protocol":"http","address":"127.0.0.1","port":8081}""", false)]
    [InlineData("""{"protocol":"http","address":"127.0.0.1","port":8080,"hostName":"a"}""", false)]
    public void Matches_the_configuration_s_binding_with_its_defaults(string json, bool matches) =>
        Assert.Equal(matches, BindingText.Parse("http/127.0.0.1:8080:").Binding!.Matches(JsonNode.Parse(json)));

    [Fact]
    public void Matches_host_names_ignoring_case_and_ipv6_in_any_spelling()
    {
        Assert.True(BindingText.Parse("http/*:80:Shop.Example").Binding!.Matches(JsonNode.Parse("""{"port":80,"hostName":"shop.example"}""")));
        Assert.True(BindingText.Parse("http/[::1]:80:").Binding!.Matches(JsonNode.Parse("""{"address":"0:0::1","port":80}""")));
    }
}
