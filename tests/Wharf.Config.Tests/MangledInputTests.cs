namespace Wharf.Config.Tests;

public sealed class MangledInputTests
{
    /// <summary>
    /// Every one-character deletion, and a handful of one-character replacements at every
    /// position, of a rich valid file: each must come back as a result, never an exception.
    /// </summary>
    [Fact]
    public void Parse_never_throws_on_a_mangled_file()
    {
        var json = File.ReadAllText(Path.Combine(TestPaths.GoldenFolder, "valid", "iis-style.json"));
        char[] replacements = ['"', '{', ']', '0', '-', 'x', ',', ' ', 'n'];

        for (var i = 0; i < json.Length; i++)
        {
            Check(json.Remove(i, 1));
            foreach (var c in replacements) Check(json[..i] + c + json[(i + 1)..]);
        }
    }

    private static void Check(string json)
    {
        var result = ConfigReader.Parse(json);
        Assert.True(result.IsValid || result.Errors.Count > 0);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }
}
