using Wharf.Config.Json;

namespace Wharf.Config.Tests;

public sealed class JsonPointerTests
{
    [Theory]
    [InlineData("$.sites[0].bindings[0].port", "/sites/0/bindings/0/port")]
    [InlineData("$.services.www.recovery", "/services/www/recovery")]
    [InlineData("$.sites[12]", "/sites/12")]
    [InlineData("$['$schema']", "/$schema")]
    [InlineData("$.$schema", "/$schema")]
    [InlineData("$['a.b'].c", "/a.b/c")]
    [InlineData("$['a/b']", "/a~1b")]
    [InlineData("$.x~y", "/x~0y")]
    [InlineData("$", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Converts_System_Text_Json_paths_to_JSON_Pointers(string? path, string pointer)
    {
        Assert.Equal(pointer, JsonPointer.FromJsonPath(path));
    }

    [Theory]
    [InlineData("$.sites[", "/sites")]
    [InlineData("$.sites[x]", "/sites")]
    [InlineData("$['unterminated", "")]
    [InlineData("sites", "")]
    public void A_malformed_path_yields_as_much_as_could_be_read(string path, string pointer)
    {
        Assert.Equal(pointer, JsonPointer.FromJsonPath(path));
    }

    [Fact]
    public void Appending_escapes_tilde_and_slash_as_RFC_6901_says()
    {
        Assert.Equal("/a~0b~1c/3", JsonPointer.Append(JsonPointer.Append("", "a~b/c"), 3));
    }
}
