using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

public sealed class ConfigValidateTests
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task The_default_configuration_is_valid()
    {
        using var root = new TempRoot();
        DataRootInitializer.EnsureLayout(root.Data);
        var run = await _cli.Wharf("config", "validate", "--root", root.Path);
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal([$"{root.Data.ConfigFile}: valid"], run.OutLines);
    }

    [Fact]
    public async Task Every_error_is_printed_as_path_and_message_and_exits_2()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Path, "bad.json");
        File.WriteAllText(file, """{ "frobnicate": 1, "alsoUnknown": true }""");

        var run = await _cli.Wharf("config", "validate", file);

        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal(ConfigReader.Load(file).Errors.Select(e => e.ToString()), run.OutLines);
        Assert.Contains(run.OutLines, l => l.StartsWith("/frobnicate: ", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("/alsoUnknown: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_is_invalid_and_says_where_it_looked()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("config", "validate", "--root", root.Path);
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Contains(root.Data.ConfigFile, Assert.Single(run.OutLines));
    }

    [Fact]
    public async Task Json_lists_the_errors_with_their_paths()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Path, "bad.json");
        File.WriteAllText(file, """{ "frobnicate": 1 }""");
        var run = await _cli.Wharf("config", "validate", file, "--json");
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        var line = Assert.Single(run.OutLines);
        Assert.StartsWith($"{{\"file\":\"{file}\",\"valid\":false,\"errors\":[{{\"path\":\"/frobnicate\",\"message\":", line);
    }
}
