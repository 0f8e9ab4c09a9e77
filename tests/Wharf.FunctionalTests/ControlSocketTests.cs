using Wharf.TestKit;

namespace Wharf.FunctionalTests;

public sealed class ControlSocketTests
{
    [SkippableFact]
    public async Task Unauthorised_user_is_refused_on_the_control_socket_in_plain_words()
    {
        Skip.IfNot(Privileges.IsRoot, "only root can run the client as another user (setpriv)");
        await using var host = await WharfHost.StartAsync();

        var refused = await host.CliAsNobodyAsync("reset", "/status");

        Assert.True(refused.ExitCode == 77, refused.ToString());
        Assert.Contains("access denied", refused.StandardError);
        Assert.Contains("wharf-admins", refused.StandardError);

        var allowed = await host.CliAsync("reset", "/status");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
    }

    [Fact]
    public async Task Status_json_lists_each_service_with_state_pid_uptime_restarts_and_connections()
    {
        await using var host = await WharfHost.StartAsync();

        var www = await host.ServiceStatusAsync();

        Assert.Equal("Running", (string?)www["state"]);
        Assert.True((int?)www["pid"] > 0);
        Assert.NotNull(www["uptimeSeconds"]);
        Assert.Equal(0, (int?)www["restarts"]);
        Assert.NotNull(www["connections"]);
        Assert.Contains($"www/127.0.0.1:{host.HttpPort}", www["listeners"]!.AsArray().Select(l => (string?)l));
    }

    [Fact]
    public async Task Services_die_with_the_supervisor()
    {
        var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();

        host.KillSupervisor();

        Assert.True(await Signals.WaitForExitAsync(www, TimeSpan.FromSeconds(30)), $"www pid {www} outlived its supervisor");
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_service_takes_what_it_started_with_it_when_the_supervisor_is_killed()
    {
        var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();
        var child = await Misbehave.StartChildAsync(www, "exec sleep 600");

        host.KillSupervisor();

        Assert.True(await Signals.WaitForExitAsync(www, TimeSpan.FromSeconds(30)), $"www pid {www} outlived its supervisor");
        Assert.True(await Signals.WaitForExitAsync(child, TimeSpan.FromSeconds(30)), $"pid {child}, started by www, outlived it");
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_restarted_service_takes_what_it_started_with_it()
    {
        await using var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();
        var child = await Misbehave.StartChildAsync(www, "exec sleep 600");

        var reset = await host.CliAsync("reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());

        Assert.True(await Signals.WaitForExitAsync(child, TimeSpan.FromSeconds(30)), $"pid {child}, started by the old www, outlived it");
        var newWww = await host.ServicePidAsync();
        Assert.NotEqual(www, newWww);
    }
}
