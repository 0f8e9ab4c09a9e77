using Wharf.TestKit;

namespace Wharf.FunctionalTests;

public sealed class ControlSocketTests
{
    [Fact]
    public async Task Unauthorised_user_is_refused_on_the_control_socket_in_plain_words()
    {
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

public sealed class PrivilegeTests
{
    [Fact]
    public async Task Www_runs_as_an_unprivileged_user_when_the_supervisor_is_root()
    {
        Assert.True(Environment.UserName == "root", "this test needs a root supervisor, as CI runs it");
        await using var host = await WharfHost.StartAsync();

        var uid = File.ReadLines($"/proc/{await host.ServicePidAsync()}/status").Single(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries);

        Assert.DoesNotContain("0", uid.Skip(1));
        var started = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "started"), TimeSpan.FromSeconds(30), "started");
        Assert.Contains("as user", (string?)started["message"]);
    }

    [Fact]
    public async Task A_data_root_the_named_user_cannot_reach_is_named_in_the_failure()
    {
        var host = WharfHost.Prepare("""{ "user": "nobody" }""");
        await using var _ = host;
        File.SetUnixFileMode(host.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await host.StartAsync();

        var failed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "start-failed"), TimeSpan.FromSeconds(30), "start-failed");
        Assert.Contains("nobody, who cannot read", (string?)failed["message"]);
        Assert.Contains("services.www.user", (string?)failed["message"]);
    }

    [Fact]
    public async Task Without_a_named_user_a_data_root_only_root_can_reach_still_serves_and_says_why_it_runs_as_root()
    {
        var host = WharfHost.Prepare();
        await using var _ = host;
        File.SetUnixFileMode(host.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await host.StartAsync();

        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var warning = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "warning"), TimeSpan.FromSeconds(30), "warning");
        Assert.Contains("useradd --system wharf", (string?)warning["message"]);
    }
}
