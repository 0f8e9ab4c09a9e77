using System.Text.Json.Nodes;
using Wharf.Cli.Modules.Www.Sites;

namespace Wharf.Cli.Tests;

/// <summary>`wharf site set KEY=VALUE`: keys as the configuration's schema names them, values as the field takes them.</summary>
public sealed class SiteSettingsTests
{
    [Theory]
    [InlineData("physicalPath=/srv/www", "physicalPath", "\"/srv/www\"")]
    [InlineData("PhysicalPath=2024", "physicalPath", "\"2024\"")]
    [InlineData("physicalPath=\"quoted\"", "physicalPath", "\"quoted\"")]
    [InlineData("directoryBrowsing=true", "directoryBrowsing", "true")]
    [InlineData("directorybrowsing=True", "directoryBrowsing", "true")]
    [InlineData("limits.maxBandwidth=65536", "limits.maxBandwidth", "65536")]
    [InlineData("limits.maxBandwidth=null", "limits.maxBandwidth", "null")]
    [InlineData("LIMITS.MAXCONNECTIONS=10", "limits.maxConnections", "10")]
    [InlineData("limits.connectionTimeout=00:01:00", "limits.connectionTimeout", "\"00:01:00\"")]
    [InlineData("limits.connectionTimeout=90", "limits.connectionTimeout", "90")]
    [InlineData("logFile.period=hourly", "logFile.period", "\"hourly\"")]
    [InlineData("logFile.period=MaxSize", "logFile.period", "\"maxSize\"")]
    [InlineData("state=Stopped", "state", "\"stopped\"")]
    [InlineData("applicationPool=Shop Pool", "applicationPool", "\"Shop Pool\"")]
    [InlineData("defaultDocuments=[\"home.html\"]", "defaultDocuments", "[\"home.html\"]")]
    [InlineData("bindings.0.port=8082", "bindings.0.port", "8082")]
    [InlineData("physicalPath=a=b", "physicalPath", "\"a=b\"")]
    [InlineData("physicalPath=", "physicalPath", "\"\"")]
    public void Reads_a_key_as_the_schema_spells_it_and_a_value_as_the_field_takes_it(string assignment, string key, string json)
    {
        var (settings, error) = SiteSettings.Parse([assignment]);
        Assert.Null(error);
        var setting = Assert.Single(settings);
        Assert.Equal(key, setting.Key);
        Assert.Equal(json, setting.Value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void A_value_the_field_does_not_take_is_sent_as_typed_for_the_admin_api_to_refuse()
    {
        Assert.Equal("\"fast\"", SiteSettings.Parse(["limits.maxBandwidth=fast"]).Settings[0].Value!.ToJsonString());
        Assert.Equal("\"sometimes\"", SiteSettings.Parse(["directoryBrowsing=sometimes"]).Settings[0].Value!.ToJsonString());
        Assert.Equal("\"never\"", SiteSettings.Parse(["logFile.period=never"]).Settings[0].Value!.ToJsonString());
    }

    [Theory]
    [InlineData("physicalPth=/srv", "a site has no 'physicalPth'; it has id, name, physicalPath")]
    [InlineData("limits.maxBandwith=1", "limits has no 'maxBandwith'; it has maxBandwidth, maxConnections")]
    [InlineData("physicalPath.x=1", "physicalPath is a single value")]
    [InlineData("bindings.first.port=1", "bindings is a list; name an element by its number")]
    [InlineData("limits..maxBandwidth=1", "an empty name between dots")]
    [InlineData("physicalPath", "'physicalPath' is not key=value")]
    [InlineData("=1", "'=1' is not key=value")]
    public void Refuses_a_key_the_site_does_not_have_saying_what_it_has(string assignment, string message)
    {
        var (settings, error) = SiteSettings.Parse([assignment]);
        Assert.Empty(settings);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Applies_every_setting_to_a_copy_making_the_objects_a_site_left_out()
    {
        var site = JsonNode.Parse("""{"id":2,"name":"Shop","physicalPath":"shop","bindings":[{"port":8081}]}""")!.AsObject();
        var (settings, _) = SiteSettings.Parse(["physicalPath=/srv/shop", "limits.maxBandwidth=65536", "logFile.period=hourly", "bindings.0.port=8082"]);

        var (changed, error) = SiteSettings.Apply(site, settings);

        Assert.Null(error);
        Assert.Equal("""{"id":2,"name":"Shop","physicalPath":"/srv/shop","bindings":[{"port":8082}],"limits":{"maxBandwidth":65536},"logFile":{"period":"hourly"}}""",
            changed!.ToJsonString());
        Assert.Equal("shop", (string?)site["physicalPath"]);
    }

    [Fact]
    public void An_array_element_that_is_not_there_is_an_error()
    {
        var site = JsonNode.Parse("""{"name":"Shop","bindings":[{"port":8081}]}""")!.AsObject();
        var (changed, error) = SiteSettings.Apply(site, SiteSettings.Parse(["bindings.3.port=1"]).Settings);
        Assert.Null(changed);
        Assert.Contains("bindings has 1 element(s); there is no element 3", error);
    }

    [Fact]
    public void Knows_the_fields_of_a_site_and_of_its_parts_in_the_model_s_order()
    {
        Assert.Equal(["id", "name", "physicalPath", "state", "bindings"], SiteSettings.Fields([]).Take(5));
        Assert.Contains("maxBandwidth", SiteSettings.Fields(["limits"]));
        Assert.Contains("period", SiteSettings.Fields(["logFile"]));
    }
}
