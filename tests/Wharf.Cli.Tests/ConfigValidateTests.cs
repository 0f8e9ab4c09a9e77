using Wharf.Hosting;

namespace Wharf.Cli.Tests;

public sealed class ConfigValidateTests
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task A_missing_file_is_invalid_and_says_where_it_looked()
    {
        using var root = new TempRoot();
        var run = await _cli.Wharf("config", "validate", "--root", root.Path);
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal([$"/: there is no configuration file at {root.Data.ConfigFile}"], run.OutLines);
    }

    [Fact]
    public async Task A_missing_file_as_json()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "nope.json");
        var run = await _cli.Wharf("config", "validate", path, "--json");
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal($"{{\"file\":\"{path}\",\"valid\":false,\"errors\":[{{\"path\":\"\",\"message\":\"there is no configuration file at {path}\"}}]}}", Assert.Single(run.OutLines));
    }
}
