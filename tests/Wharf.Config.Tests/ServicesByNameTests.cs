using System.Text.Json.Nodes;
using Wharf.Config.Model;

namespace Wharf.Config.Tests;

/// <summary>`services` is a map by canonical name over ServiceNames.All, decoded strictly.</summary>
public sealed class ServicesByNameTests
{
    public static TheoryData<string> KnownNames => [.. ServiceNames.All];

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void Every_known_service_is_read_by_its_name_and_the_others_keep_their_defaults(string name)
    {
        var result = ConfigReader.Parse($$"""{ "services": { "{{name}}": { "pingMissedLimit": 7, "recovery": { "restartDelay": 4 } } } }""");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var services = result.Config!.Services;
        Assert.Equal(new ServiceConfig { PingMissedLimit = 7, Recovery = new RecoveryConfig { RestartDelay = TimeSpan.FromSeconds(4) } }, services.Get(name));
        Assert.All(ServiceNames.All.Where(n => n != name), other => Assert.Equal(new ServiceConfig(), services.Get(other)));
    }

    [Fact]
    public void A_file_without_services_gives_every_known_service_its_defaults_in_start_order()
    {
        var services = ConfigReader.Parse("""{ "services": {} }""").Config!.Services;

        Assert.Equal(ServiceNames.All, services.All().Select(s => s.Name));
        Assert.All(services.All(), s => Assert.Equal(new ServiceConfig(), s.Config));
        Assert.Equal(services, ConfigReader.Parse("{}").Config!.Services);
    }

    [Fact]
    public void The_canonical_file_writes_every_known_service_with_its_defaults()
    {
        var written = JsonNode.Parse(ConfigWriter.Serialize(ConfigReader.Parse("""{ "services": { "www": { "enabled": false } } }""").Config!))!;

        var services = written["services"]!.AsObject();
        Assert.Equal(ServiceNames.All, services.Select(p => p.Key));
        Assert.False((bool)services["www"]!["enabled"]!);
        Assert.Equal(3, (int)services["admin"]!["pingMissedLimit"]!);
    }

    [Fact]
    public void Every_unknown_service_is_an_error_naming_its_path_and_the_known_names()
    {
        var result = ConfigReader.Parse("""{ "services": { "gopher": {}, "www": {}, "ftp": { "enabled": true } } }""");

        Assert.Equal(
        [
            new ConfigError("/services/gopher", "unknown service \"gopher\" (known services: admin, www)"),
            new ConfigError("/services/ftp", "unknown service \"ftp\" (known services: admin, www)"),
        ], result.Errors);
    }

    [Fact]
    public void A_service_name_in_the_wrong_case_is_refused_with_the_right_spelling()
    {
        var error = Assert.Single(ConfigReader.Parse("""{ "services": { "WWW": {} } }""").Errors);

        Assert.Equal(new ConfigError("/services/WWW", "unknown service \"WWW\" (did you mean \"www\"? service names are lower-case)"), error);
    }

    [Fact]
    public void A_service_named_twice_or_set_to_null_is_an_error()
    {
        var result = ConfigReader.Parse("""{ "services": { "www": {}, "www": {}, "admin": null } }""");

        Assert.Equal(
        [
            new ConfigError("/services/www", "service \"www\" appears more than once"),
            new ConfigError("/services/admin", "null is not allowed here; expected an object"),
        ], result.Errors);
    }

    [Fact]
    public void Errors_inside_a_service_carry_its_name_in_the_path()
    {
        var result = ConfigReader.Parse("""{ "services": { "admin": { "pingInterval": "soon", "colour": 1 } } }""");

        Assert.Equal(["/services/admin/pingInterval", "/services/admin/colour"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Get_answers_null_for_a_name_this_build_does_not_know()
    {
        var services = new ServicesConfig();

        Assert.Null(services.Get("gopher"));
        Assert.Equal(new ServiceConfig(), services.Get(ServiceNames.Www));
        Assert.Throws<KeyNotFoundException>(() => services["gopher"]);
    }

    [Fact]
    public void An_unknown_name_cannot_be_set_in_code_either()
    {
        Assert.Throws<ArgumentException>(() => new ServicesConfig().With("gopher", new ServiceConfig()));
        Assert.Throws<ArgumentException>(() => new ServicesConfig { ["gopher"] = new ServiceConfig() });
    }

    [Fact]
    public void A_service_left_out_equals_one_written_with_its_defaults()
    {
        var leftOut = new ServicesConfig { [ServiceNames.Www] = new ServiceConfig { Enabled = false } };
        var written = leftOut.With(ServiceNames.Admin, new ServiceConfig());

        Assert.Equal(leftOut, written);
        Assert.Equal(leftOut.GetHashCode(), written.GetHashCode());
        Assert.NotEqual(leftOut, new ServicesConfig());
    }

    [Fact]
    public void With_leaves_the_original_unchanged()
    {
        var before = new ServicesConfig();

        var after = before.With(ServiceNames.Admin, new ServiceConfig { Enabled = false });

        Assert.True(before.Get(ServiceNames.Admin)!.Enabled);
        Assert.False(after.Get(ServiceNames.Admin)!.Enabled);
    }
}
