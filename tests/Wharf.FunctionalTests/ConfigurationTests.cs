using Wharf.TestKit;

namespace Wharf.FunctionalTests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Invalid_configuration_stops_serve_with_exit_2_naming_the_field_and_value()
    {
        var host = WharfHost.Prepare();
        var file = Path.Combine(host.Root, "config", "wharf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace($"\"port\": {host.HttpPort}", "\"port\": 70000"));

        var result = await CommandResult.RunAsync(WharfPaths.Executable, ["serve", "--root", host.Root], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("/sites/0/bindings/0/port", result.StandardError);
        Assert.Contains("70000", result.StandardError);
        Assert.False(File.Exists(Path.Combine(host.Root, "run", "control.sock")), "nothing should have started");
    }

    [Fact]
    public async Task Unknown_field_is_refused_with_its_path()
    {
        var host = WharfHost.Prepare();
        var file = Path.Combine(host.Root, "config", "wharf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"physicalPath\"", "\"physicalPahh\": \"x\", \"physicalPath\""));

        var result = await CommandResult.RunAsync(WharfPaths.Executable, ["serve", "--root", host.Root], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("/sites/0/physicalPahh", result.StandardError);
    }
}
