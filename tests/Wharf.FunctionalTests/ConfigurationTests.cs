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

public sealed class EditAndResetTests
{
    [Fact]
    public async Task A_valid_edit_takes_effect_at_the_next_reset_and_the_old_port_is_closed()
    {
        await using var host = await WharfHost.StartAsync();
        var newPort = FreePort.Next();
        var file = Path.Combine(host.Root, "config", "wharf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace($"\"port\": {host.HttpPort}", $"\"port\": {newPort}"));

        var reset = await host.CliAsync("reset");

        Assert.True(reset.ExitCode == 0, reset.ToString());
        var (status, body) = await Http.GetFreshAsync($"http://127.0.0.1:{newPort}/");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("hello from wharf", body);
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetFreshAsync(host.BaseUrl + "/"));
        // Whichever saw the edit first took it up: the admin service watching the file, or the reset re-reading it.
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "config-loaded") || EventLogReader.Is(e, "admin", "config-hand-edit"),
            TimeSpan.FromSeconds(30), "config-loaded or config-hand-edit");
    }

    [Fact]
    public async Task An_invalid_edit_is_reported_by_the_reset_and_the_running_configuration_stays()
    {
        await using var host = await WharfHost.StartAsync();
        var file = Path.Combine(host.Root, "config", "wharf.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"bindings\"", "\"bindingz\""));

        var reset = await host.CliAsync("reset");

        Assert.Contains("/sites/0/bindingz", reset.All);
        Assert.Contains("running configuration stays", reset.All);
        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "config-invalid"), TimeSpan.FromSeconds(30), "config-invalid");
    }
}
