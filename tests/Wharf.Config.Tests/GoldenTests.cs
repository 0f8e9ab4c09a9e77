namespace Wharf.Config.Tests;

/// <summary>
/// Configuration in, expected result out. Golden/valid/X.json must load, and its canonical form
/// is Golden/valid/X.canonical.json (defaults filled in, durations as TimeSpans). Golden/invalid/X.json
/// must be refused with exactly the lines of Golden/invalid/X.errors, one "path: message" per line.
/// After an intended change, rewrite the expected files with WHARF_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private const string UpdateVariable = "WHARF_UPDATE_GOLDEN";

    public static TheoryData<string> ValidFiles() => Inputs("valid");

    public static TheoryData<string> InvalidFiles() => Inputs("invalid");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_file_loads_to_its_canonical_form(string name)
    {
        var input = Path.Combine(TestPaths.GoldenFolder, "valid", name);
        var result = ConfigReader.Load(input);
        Assert.True(result.IsValid, $"{name} was refused:\n{string.Join("\n", result.Errors)}");

        var actual = ConfigWriter.Serialize(result.Config!);
        var expected = Path.ChangeExtension(input, ".canonical.json");
        Compare(expected, actual);
        // The canonical form is itself a fixed point.
        Assert.Equal(actual, ConfigWriter.Serialize(ConfigReader.Parse(actual).Config!));
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_is_refused_with_exactly_its_errors(string name)
    {
        var input = Path.Combine(TestPaths.GoldenFolder, "invalid", name);
        var result = ConfigReader.Load(input);
        Assert.False(result.IsValid, $"{name} was accepted");
        Assert.Null(result.Config);

        Compare(Path.ChangeExtension(input, ".errors"), string.Concat(result.Errors.Select(e => e + "\n")));
    }

    private static void Compare(string expectedFile, string actual)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") File.WriteAllText(expectedFile, actual);
        Assert.True(File.Exists(expectedFile), $"{expectedFile} is missing; create it with {UpdateVariable}=1 and review it");
        Assert.Equal(File.ReadAllText(expectedFile), actual);
    }

    private static TheoryData<string> Inputs(string kind)
    {
        var names = Directory.GetFiles(Path.Combine(TestPaths.GoldenFolder, kind), "*.json")
            .Select(Path.GetFileName)
            .Where(n => !n!.EndsWith(".canonical.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var data = new TheoryData<string>();
        foreach (var name in names) data.Add(name!);
        return data;
    }
}
