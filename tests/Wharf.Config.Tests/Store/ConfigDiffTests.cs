using System.Text.Json.Nodes;
using Wharf.Config.Store;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigDiffTests
{
    private static IReadOnlyList<ConfigChange> Diff(string from, string to) =>
        ConfigDiff.Between(JsonNode.Parse(from), JsonNode.Parse(to));

    private static string[] Listed(IReadOnlyList<ConfigChange> changes) =>
        [.. changes.Select(c => $"{c.Op} {c.Path} {c.Old?.ToJsonString() ?? "-"} {c.New?.ToJsonString() ?? "-"}")];

    [Fact]
    public void A_changed_value_is_one_replace_with_old_and_new()
    {
        var changes = Diff("""{ "sites": [{ "physicalPath": "wwwroot" }] }""", """{ "sites": [{ "physicalPath": "/srv/www" }] }""");

        Assert.Equal(["replace /sites/0/physicalPath \"wwwroot\" \"/srv/www\""], Listed(changes));
    }

    [Fact]
    public void Added_and_removed_properties_follow_the_order_of_the_documents()
    {
        var changes = Diff("""{ "a": 1, "b": 2, "c": 3 }""", """{ "d": 4, "c": 30, "a": 1 }""");

        Assert.Equal(["remove /b 2 -", "replace /c 3 30", "add /d - 4"], Listed(changes));
    }

    [Fact]
    public void An_appended_element_is_one_add()
    {
        var changes = Diff("""{ "sites": [{ "id": 1 }] }""", """{ "sites": [{ "id": 1 }, { "id": 2 }] }""");

        Assert.Equal(["add /sites/1 - {\"id\":2}"], Listed(changes));
    }

    [Fact]
    public void Elements_removed_from_the_end_are_listed_last_first_so_the_list_applies_in_order()
    {
        var changes = Diff("[1, 2, 3, 4]", "[1, 5]");

        Assert.Equal(["replace /1 2 5", "remove /3 4 -", "remove /2 3 -"], Listed(changes));
    }

    [Fact]
    public void The_top_level_version_is_never_a_change_but_a_nested_one_is()
    {
        var changes = Diff("""{ "version": 1, "x": { "version": 1 } }""", """{ "version": 9, "x": { "version": 2 } }""");

        Assert.Equal(["replace /x/version 1 2"], Listed(changes));
        Assert.Empty(Diff("""{ "version": 1 }""", "{}"));
    }

    [Fact]
    public void Property_order_and_layout_are_not_changes()
    {
        Assert.Empty(Diff("""{ "a": 1, "b": [1, 2] }""", """{"b":[1,2],"a":1}"""));
    }

    [Fact]
    public void A_change_of_kind_is_one_replace()
    {
        Assert.Equal(["replace /a [1] {\"x\":1}"], Listed(Diff("""{ "a": [1] }""", """{ "a": { "x": 1 } }""")));
    }

    [Fact]
    public void Paths_are_escaped_pointers()
    {
        Assert.Equal("/a~1b", Assert.Single(Diff("""{ "a/b": 1 }""", """{ "a/b": 2 }""")).Path);
    }

    [Fact]
    public void No_document_before_lists_each_top_level_property_as_added()
    {
        var changes = ConfigDiff.Between(null, JsonNode.Parse("""{ "version": 1, "sites": [], "applicationPools": [] }"""));

        Assert.Equal(["add /sites - []", "add /applicationPools - []"], Listed(changes));
    }

    [Fact]
    public void Changes_hold_copies_not_the_documents_own_nodes()
    {
        var to = JsonNode.Parse("""{ "a": { "b": 1 } }""")!;

        var change = Assert.Single(ConfigDiff.Between(JsonNode.Parse("{}"), to));

        Assert.Null(change.New!.Parent);
        Assert.NotSame(to["a"], change.New);
    }
}
