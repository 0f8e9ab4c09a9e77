using Wharf.Config.Model;

namespace Wharf.Config.Tests;

public sealed class ConfigReaderTests
{
    private const string MinimalSite = """
        "sites": [{ "id": 1, "name": "A", "physicalPath": "wwwroot", "bindings": [{ "port": 8080 }] }],
        "applicationPools": [{ "name": "DefaultAppPool" }]
        """;

    [Fact]
    public void Unknown_field_is_an_error_with_its_path_and_the_known_fields()
    {
        var result = ConfigReader.Parse("""{ "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "prot": "http", "port": 80 }] }] }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/sites/0/bindings/0/prot", error.Path);
        Assert.Equal("unknown field \"prot\" (known fields: protocol, address, port, hostName, certificateFile, keyFile, passwordFile)", error.Message);
        Assert.Null(result.Config);
    }

    [Fact]
    public void A_field_in_the_wrong_case_is_an_error_suggesting_the_right_one()
    {
        var error = Assert.Single(ConfigReader.Parse("""{ "MaxHistoryFiles": 3 }""").Errors);

        Assert.Equal("/MaxHistoryFiles", error.Path);
        Assert.Equal("unknown field \"MaxHistoryFiles\" (did you mean \"maxHistoryFiles\"? field names are case-sensitive)", error.Message);
    }

    [Fact]
    public void A_service_this_build_does_not_know_is_an_error()
    {
        var error = Assert.Single(ConfigReader.Parse("""{ "services": { "gopher": {} } }""").Errors);

        Assert.Equal(new ConfigError("/services/gopher", "unknown service \"gopher\" (known services: admin, www)"), error);
    }

    [Theory]
    [InlineData("\"abc\"", "\"abc\" is not a number")]
    [InlineData("80.5", "80.5 is not a whole number")]
    [InlineData("1e3", "1e3 is not a whole number")]
    [InlineData("99999999999", "99999999999 is out of range (at most 2147483647)")]
    [InlineData("true", "true is not a number")]
    [InlineData("[80]", "a list is not a number")]
    [InlineData("null", "null is not allowed here; expected a number")]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_value(string port, string message)
    {
        var result = ConfigReader.Parse($$"""{ "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "port": {{port}} }] }] }""");

        Assert.Equal(new ConfigError("/sites/0/bindings/0/port", message), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("\"fast\"", "\"fast\" is not a number or null")]
    [InlineData("1.5", "1.5 is not a whole number")]
    public void A_wrong_value_for_a_number_that_may_be_null_says_so_in_words(string bandwidth, string message)
    {
        var result = ConfigReader.Parse($$"""{ "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "port": 80 }], "limits": { "maxBandwidth": {{bandwidth}} } }] }""");

        Assert.Equal(new ConfigError("/sites/0/limits/maxBandwidth", message), Assert.Single(result.Errors));
    }

    [Fact]
    public void An_enum_value_must_be_one_of_its_names_as_written_in_the_schema()
    {
        var result = ConfigReader.Parse("""{ "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "protocol": "Http", "port": 80 }, { "protocol": "ftp", "port": 21 }, { "protocol": 0, "port": 22 }] }] }""");

        Assert.Equal(
        [
            new ConfigError("/sites/0/bindings/0/protocol", "\"Http\" is not one of: \"http\", \"https\""),
            new ConfigError("/sites/0/bindings/1/protocol", "\"ftp\" is not one of: \"http\", \"https\""),
            new ConfigError("/sites/0/bindings/2/protocol", "0 is not one of: \"http\", \"https\""),
        ], result.Errors);
    }

    [Fact]
    public void Missing_required_fields_are_named()
    {
        var result = ConfigReader.Parse("""{ "sites": [{ "id": 1, "bindings": [{}] }] }""");

        Assert.Equal(
        [
            new ConfigError("/sites/0/bindings/0", "missing required field \"port\""),
            new ConfigError("/sites/0", "missing required field \"name\""),
            new ConfigError("/sites/0", "missing required field \"physicalPath\""),
        ], result.Errors);
    }

    [Fact]
    public void Every_decoding_error_is_reported_at_once()
    {
        var result = ConfigReader.Parse("""{ "version": "one", "maxHistory": 5, "services": { "www": { "pingInterval": "soon" } } }""");

        Assert.Equal(["/version", "/maxHistory", "/services/www/pingInterval"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_field_given_twice_is_an_error()
    {
        var error = Assert.Single(ConfigReader.Parse("""{ "version": 1, "version": 2 }""").Errors);

        Assert.Equal(new ConfigError("/version", "field \"version\" appears more than once"), error);
    }

    [Fact]
    public void Null_is_refused_where_the_model_has_no_null_but_allowed_where_it_has()
    {
        var result = ConfigReader.Parse("""{ "$schema": null, "services": null, "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "port": 80 }], "defaultDocuments": [null] }] }""");

        Assert.Equal(
        [
            new ConfigError("/services", "null is not allowed here; expected an object"),
            new ConfigError("/sites/0/defaultDocuments/0", "null is not allowed here; expected a string"),
        ], result.Errors);
    }

    [Fact]
    public void The_top_level_must_be_an_object()
    {
        Assert.Equal(new ConfigError("", "a list is not an object"), Assert.Single(ConfigReader.Parse("[]").Errors));
        Assert.Equal(new ConfigError("", "null is not allowed here; expected an object"), Assert.Single(ConfigReader.Parse("null").Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void An_empty_file_is_an_error(string json)
    {
        Assert.Equal("the configuration is empty; it must be a JSON object", Assert.Single(ConfigReader.Parse(json).Errors).Message);
    }

    [Fact]
    public void Invalid_JSON_is_an_error_with_line_and_column()
    {
        var error = Assert.Single(ConfigReader.Parse("{\n  \"version\": 1\n  \"sites\": []\n}").Errors);

        Assert.StartsWith("not valid JSON at line 3, column 3: ", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var result = ConfigReader.Parse($$"""
            {
              // as an administrator would annotate it
              "version": 4, /* kept by the store */
              {{MinimalSite}},
            }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(4, result.Config!.Version);
    }

    [Fact]
    public void Omitted_fields_take_the_records_defaults()
    {
        var result = ConfigReader.Parse($$"""{ {{MinimalSite}} }""");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Config!;
        Assert.Equal(10, config.MaxHistoryFiles);
        Assert.Equal(new ServiceConfig(), config.Services[ServiceNames.Www] with { Recovery = new RecoveryConfig() });
        Assert.Equal(new RapidFailConfig(), config.Services[ServiceNames.Www].Recovery.RapidFail);
        var binding = config.Sites[0].Bindings[0];
        Assert.Equal(("*", BindingProtocol.Http, ""), (binding.Address, binding.Protocol, binding.HostName));
        Assert.Equal("DefaultAppPool", config.Sites[0].ApplicationPool);
        Assert.Equal(new SiteConfig { Name = "x", PhysicalPath = "y" }.DefaultDocuments, config.Sites[0].DefaultDocuments);
        Assert.Equal(AppPoolState.Started, config.ApplicationPools[0].State);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes($$"""{ {{MinimalSite}} }""")).ToArray();

        Assert.True(ConfigReader.Parse(bytes).IsValid);
    }

    [Fact]
    public void A_decoded_file_is_then_validated()
    {
        var result = ConfigReader.Parse("""{ "sites": [{ "id": 1, "name": "A", "physicalPath": "w", "bindings": [{ "port": 70000 }] }], "applicationPools": [{ "name": "DefaultAppPool" }] }""");

        Assert.Equal("/sites/0/bindings/0/port", Assert.Single(result.Errors).Path);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Loading_a_missing_file_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");

        var error = Assert.Single(ConfigReader.Load(path).Errors);

        Assert.Equal($"the configuration file {path} does not exist", error.Message);
        Assert.Equal($"the configuration file {folder.File("no/such/wharf.json")} does not exist",
            Assert.Single(ConfigReader.Load(folder.File("no/such/wharf.json")).Errors).Message);
    }

    [Fact]
    public void Loading_a_folder_is_an_error_naming_it()
    {
        using var folder = new TempFolder();

        Assert.Equal($"cannot read the configuration file {folder.Path}: it is a folder", Assert.Single(ConfigReader.Load(folder.Path).Errors).Message);
    }

    [Fact]
    public void Loading_an_unreadable_file_is_an_error_naming_it()
    {
        // root reads any file whatever its mode, so there is nothing to prove as root.
        if (Environment.UserName == "root") return;
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.None);

        Assert.Equal($"cannot read the configuration file {path}: permission denied", Assert.Single(ConfigReader.Load(path).Errors).Message);
    }

    [Fact]
    public void Loading_a_valid_file_gives_its_configuration()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");
        File.WriteAllText(path, ConfigWriter.Serialize(DefaultConfig.Create()));

        var result = ConfigReader.Load(path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(DefaultConfig.SiteName, result.Config!.Sites[0].Name);
    }
}
