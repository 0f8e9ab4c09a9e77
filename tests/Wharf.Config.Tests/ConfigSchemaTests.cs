using System.Text.Json.Nodes;
using Wharf.Config.Json;
using Wharf.Config.Model;

namespace Wharf.Config.Tests;

public sealed class ConfigSchemaTests
{
    private const string UpdateVariable = "WHARF_UPDATE_SCHEMA";

    [Fact]
    public void Checked_in_schema_is_current()
    {
        var generated = ConfigSchema.Generate();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            File.WriteAllText(TestPaths.SchemaFile, generated);

        var checkedIn = File.ReadAllText(TestPaths.SchemaFile);
        Assert.True(checkedIn == generated,
            $"schema/{ConfigSchema.FileName} is out of date with the configuration records. Regenerate it with: " +
            $"{UpdateVariable}=1 dotnet test tests/Wharf.Config.Tests --filter Checked_in_schema_is_current (then rebuild, and commit the file)");
    }

    [Fact]
    public void Shipped_schema_is_the_checked_in_copy()
    {
        Assert.Equal(File.ReadAllText(TestPaths.SchemaFile), ConfigSchema.Shipped());
    }

    [Fact]
    public void Durations_accept_a_timespan_string_or_whole_seconds()
    {
        var restartDelay = Property(Schema(), "services", "www", "recovery", "restartDelay");

        Assert.Equal(["string", "integer"], restartDelay["type"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(0, (int)restartDelay["minimum"]!);
        Assert.Equal("00:00:01", (string)restartDelay["default"]!);
    }

    [Theory]
    [InlineData("00:00:05", true)]
    [InlineData("1.05:00:00", true)]
    [InlineData("1:00:00", true)]
    [InlineData("00:00:05.5", true)]
    [InlineData("5", false)]
    [InlineData("1.00:00", false)]
    [InlineData("-00:00:05", false)]
    [InlineData("00:60:00", false)]
    [InlineData(" 00:00:05", false)]
    public void Schema_duration_pattern_agrees_with_the_reader(string text, bool valid)
    {
        var pattern = (string)Property(Schema(), "services", "www", "startupTimeLimit")["pattern"]!;
        var schemaAccepts = System.Text.RegularExpressions.Regex.IsMatch(text, pattern);
        var readerAccepts = DurationConverter.TryParse(text, out _) is null;

        Assert.Equal(valid, readerAccepts);
        // The pattern cannot check ranges (minutes under 60); it may accept more, never less.
        if (valid) Assert.True(schemaAccepts, $"the schema refuses {text}, which Wharf reads");
    }

    [Fact]
    public void Enums_list_their_string_values()
    {
        var protocol = Schema()["properties"]!["sites"]!["items"]!["properties"]!["bindings"]!["items"]!["properties"]!["protocol"]!;

        Assert.Equal("string", (string)protocol["type"]!);
        Assert.Equal(["http", "https"], protocol["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void Every_object_refuses_unknown_fields()
    {
        var objects = Walk(Schema()).OfType<JsonObject>().Where(o => o["properties"] is not null).ToList();

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False((bool)o["additionalProperties"]!));
    }

    [Fact]
    public void Services_lists_every_known_name_and_refuses_others()
    {
        var schema = Schema();
        var services = schema["properties"]!["services"]!;

        Assert.Equal(ServiceNames.All, services["properties"]!.AsObject().Select(p => p.Key));
        Assert.False((bool)services["additionalProperties"]!);
        Assert.All(ServiceNames.All, name => Assert.Equal("00:00:01", (string)Property(schema, "services", name, "recovery", "restartDelay")["default"]!));
    }

    [Fact]
    public void Required_fields_are_listed()
    {
        var binding = Schema()["properties"]!["sites"]!["items"]!["properties"]!["bindings"]!["items"]!;

        Assert.Equal(["port"], binding["required"]!.AsArray().Select(v => (string)v!));
    }

    private static JsonObject Schema() => JsonNode.Parse(ConfigSchema.Generate())!.AsObject();

    private static JsonNode Property(JsonNode schema, params string[] names) =>
        names.Aggregate(schema, (node, name) => Dereference(schema, node["properties"]![name]!));

    /// <summary>A type used twice (each service's settings) is written once and referred to by "$ref" after that.</summary>
    private static JsonNode Dereference(JsonNode schema, JsonNode node) =>
        node["$ref"] is JsonValue reference && ((string)reference!).StartsWith("#/", StringComparison.Ordinal)
            ? Dereference(schema, ((string)reference!)[2..].Split('/').Aggregate(schema, (n, part) => n[part]!))
            : node;

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var descendant in Walk(child))
                yield return descendant;
    }
}
