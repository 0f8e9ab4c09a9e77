using System.Text.Json.Nodes;
using Wharf.Config.Store;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigPathTests
{
    private static JsonNode Doc() => JsonNode.Parse(StoreRoot.Sample)!;

    private static string Resolved(string path, JsonNode? doc = null)
    {
        var result = ConfigPath.Resolve(doc ?? Doc(), path);
        Assert.True(result.IsValid, result.Error);
        return result.Pointer!;
    }

    private static ConfigPathResult Failed(string path, JsonNode? doc = null)
    {
        var result = ConfigPath.Resolve(doc ?? Doc(), path);
        Assert.False(result.IsValid, $"'{path}' resolved to '{result.Pointer}'");
        Assert.Null(result.Pointer);
        return result;
    }

    [Theory]
    [InlineData("/sites/0/name", "/sites/0/name")]
    [InlineData("/sites/1/bindings/0/port", "/sites/1/bindings/0/port")]
    [InlineData("/maxHistoryFiles", "/maxHistoryFiles")] // absent, but its parent exists: a place to add it
    [InlineData("", "")]
    [InlineData("/", "")]
    public void A_JSON_Pointer_resolves_to_itself(string path, string pointer) => Assert.Equal(pointer, Resolved(path));

    [Theory]
    [InlineData("sites.0.name", "/sites/0/name")]
    [InlineData("sites.1.bindings.0.port", "/sites/1/bindings/0/port")]
    [InlineData("sites.Default Web Site.physicalPath", "/sites/0/physicalPath")]
    [InlineData("sites.intranet", "/sites/1")]
    [InlineData("applicationPools.DefaultAppPool", "/applicationPools/0")]
    [InlineData("applicationPools.defaultapppool.name", "/applicationPools/0/name")]
    public void Dotted_paths_take_indexes_and_names_ignoring_case(string path, string pointer) => Assert.Equal(pointer, Resolved(path));

    [Fact]
    public void A_name_that_matches_no_element_is_not_found_and_named()
    {
        var result = Failed("sites.Extranet.physicalPath");

        Assert.Equal(ConfigPathProblem.NotFound, result.Problem);
        Assert.Equal("no element of /sites is named 'Extranet'", result.Error);
    }

    [Fact]
    public void A_name_that_matches_two_elements_is_ambiguous()
    {
        var doc = Doc();
        doc["sites"]![1]!["name"] = "default web site";

        var result = Failed("sites.Default Web Site.physicalPath", doc);

        Assert.Equal(ConfigPathProblem.Ambiguous, result.Problem);
        Assert.Contains("2 elements of /sites are named 'Default Web Site'", result.Error);
    }

    [Theory]
    [InlineData("/services/www", "the configuration has no 'services'")]
    [InlineData("nope.x", "the configuration has no 'nope'")]
    [InlineData("/sites/0/bindings/3/port", "/sites/0/bindings has 1 element, so there is no element 3 (a final '-' appends)")]
    [InlineData("/sites/5", "/sites has 2 elements, so there is no element 5 (a final '-' appends)")]
    [InlineData("/sites/0/name/first", "/sites/0/name is a string, so it has no 'first'")]
    [InlineData("/sites/0/id/x", "/sites/0/id is a number, so it has no 'x'")]
    public void A_missing_segment_is_not_found_and_named(string path, string error)
    {
        var result = Failed(path);

        Assert.Equal(ConfigPathProblem.NotFound, result.Problem);
        Assert.Equal(error, result.Error);
    }

    [Theory]
    [InlineData("/sites/01")]
    [InlineData("/sites/Intranet")]
    [InlineData("/sites/-/name")]
    [InlineData("sites..name")]
    [InlineData("sites.")]
    [InlineData("/sites/~2")]
    public void A_malformed_path_says_which_segment(string path)
    {
        var result = Failed(path);

        Assert.Equal(ConfigPathProblem.Malformed, result.Problem);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void A_pointer_names_array_elements_only_by_number()
    {
        Assert.Contains("'Intranet' is not an index into the array /sites", Failed("/sites/Intranet").Error);
    }

    [Theory]
    [InlineData("/sites/-")]
    [InlineData("sites.-")]
    public void A_final_dash_appends(string path)
    {
        var doc = Doc();
        var result = ConfigPath.Resolve(doc, path);

        Assert.Equal("/sites/-", result.Pointer);
        Assert.True(result.Appends);

        ConfigPath.Set(doc, path, new JsonObject { ["id"] = 3, ["name"] = "Third" });
        Assert.Equal("Third", (string?)doc["sites"]![2]!["name"]);
    }

    [Fact]
    public void Escapes_follow_RFC_6901()
    {
        var doc = JsonNode.Parse("""{ "a/b": { "c~d": 1, "~1": 2 } }""")!;

        Assert.Equal("/a~1b/c~0d", Resolved("/a~1b/c~0d", doc));
        Assert.Equal(1, (int)ConfigPath.Get(doc, "/a~1b/c~0d")!);
        // "~01" is "~1" with its tilde escaped, not a slash.
        Assert.Equal(2, (int)ConfigPath.Get(doc, "/a~1b/~01")!);
        // The dotted form writes names as they are and gives back the escaped pointer.
        Assert.Equal("/a~1b/c~0d", Resolved("a/b.c~d", doc));
    }

    [Fact]
    public void Set_replaces_a_value_and_adds_a_property_whose_parent_exists()
    {
        var doc = Doc();

        ConfigPath.Set(doc, "sites.Intranet.physicalPath", "/srv/intranet");
        ConfigPath.Set(doc, "/maxHistoryFiles", 3);

        Assert.Equal("/srv/intranet", (string?)doc["sites"]![1]!["physicalPath"]);
        Assert.Equal(3, (int)doc["maxHistoryFiles"]!);
    }

    [Fact]
    public void Set_refuses_a_path_whose_parent_does_not_exist()
    {
        var e = Assert.Throws<ConfigPathException>(() => ConfigPath.Set(Doc(), "/services/www/enabled", true));

        Assert.Equal(ConfigPathProblem.NotFound, e.Problem);
        Assert.Equal("the configuration has no 'services'", e.Message);
    }

    [Fact]
    public void Set_of_the_whole_document_returns_the_new_one()
    {
        var replacement = new JsonObject { ["sites"] = new JsonArray() };

        Assert.Same(replacement, ConfigPath.Set(Doc(), "", replacement));
    }

    [Fact]
    public void Set_copies_a_value_that_belongs_to_another_document()
    {
        var doc = Doc();
        var other = Doc();

        ConfigPath.Set(doc, "/sites/-", other["sites"]![0]);

        Assert.Equal(3, doc["sites"]!.AsArray().Count);
        Assert.Equal(2, other["sites"]!.AsArray().Count);
    }

    [Fact]
    public void Remove_takes_out_a_property_or_an_element_and_returns_it()
    {
        var doc = Doc();

        var removed = ConfigPath.Remove(doc, "sites.Default Web Site");
        ConfigPath.Remove(doc, "/$schema");

        Assert.Equal("Default Web Site", (string?)removed!["name"]);
        Assert.Equal("Intranet", (string?)Assert.Single(doc["sites"]!.AsArray())!["name"]);
        Assert.False(doc.AsObject().ContainsKey("$schema"));
    }

    [Theory]
    [InlineData("/maxHistoryFiles", ConfigPathProblem.NotFound)]
    [InlineData("/sites/-", ConfigPathProblem.Malformed)]
    [InlineData("", ConfigPathProblem.Malformed)]
    public void Remove_refuses_what_is_not_there(string path, ConfigPathProblem problem)
    {
        var e = Assert.Throws<ConfigPathException>(() => ConfigPath.Remove(Doc(), path));

        Assert.Equal(problem, e.Problem);
    }

    [Fact]
    public void Get_tells_a_JSON_null_from_a_missing_value()
    {
        var doc = JsonNode.Parse("""{ "a": null }""")!;

        Assert.True(ConfigPath.TryGet(doc, "/a", out var value));
        Assert.Null(value);
        Assert.False(ConfigPath.TryGet(doc, "/b", out _));
        Assert.Equal(ConfigPathProblem.NotFound, Assert.Throws<ConfigPathException>(() => ConfigPath.Get(doc, "b")).Problem);
    }
}
