using System.Net;
using System.Net.Sockets;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

public sealed class ResetTests
{
    [Fact]
    public async Task Reset_under_load_refuses_no_connection_and_fails_no_request()
    {
        await using var host = await WharfHost.StartAsync();
        var firstPid = await host.ServicePidAsync();

        var load = WrkResult.RunAsync(host.BaseUrl + "/", TimeSpan.FromSeconds(8));
        await WaitUntilAsync(async () => (long?)(await host.ServiceStatusAsync())["connections"] > 0, "wrk to connect");

        var pids = new List<int> { firstPid };
        for (var i = 0; i < 3; i++)
        {
            var reset = await host.CliAsync("reset");
            Assert.True(reset.ExitCode == 0, reset.ToString());
            pids.Add(await host.ServicePidAsync());
        }
        var wrk = await load;

        Assert.Equal(4, pids.Distinct().Count());
        Assert.True(wrk.Requests > 100, wrk.Output);
        Assert.True(wrk.SocketErrors == 0, $"socket errors during resets:\n{wrk.Output}\n{host.Output}");
        Assert.True(wrk.Non2xx == 0, $"failed requests during resets:\n{wrk.Output}");
    }

    [Fact]
    public async Task Stop_refuses_connections_and_start_serves_again()
    {
        await using var host = await WharfHost.StartAsync();

        var stop = await host.CliAsync("reset", "/stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal("Stopped", (string?)(await host.ServiceStatusAsync())["state"]);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, host.HttpPort));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        var start = await host.CliAsync("reset", "--start");
        Assert.True(start.ExitCode == 0, start.ToString());
        var (status, body) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("hello from wharf", body);
    }

    [Fact]
    public async Task Noforce_leaves_a_service_that_will_not_stop_and_names_it_then_a_forced_stop_kills_it()
    {
        await using var host = await WharfHost.StartAsync();
        var stubborn = await host.ServicePidAsync();
        // Stopped by SIGSTOP it reads no stop and never exits; the reset comes well before it would be found hung.
        Misbehave.Freeze(stubborn);

        var reset = await host.CliAsync("reset", "/noforce", "/timeout:2");

        Assert.True(reset.ExitCode == 1, reset.ToString());
        Assert.Contains("www", reset.All);
        Assert.Contains(stubborn.ToString(), reset.All);
        Assert.Contains($"waiting for pid {stubborn} to finish", reset.StandardError);
        Assert.True(Signals.IsAlive(stubborn), "with /noforce the old process must be left running");
        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, status);

        var stop = await host.CliAsync("reset", "/stop", "/timeout:2");

        // Done, but forced: exit 3, not 0.
        Assert.True(stop.ExitCode == 3, stop.ToString());
        Assert.True(await Signals.WaitForExitAsync(stubborn, TimeSpan.FromSeconds(30)), "a forced stop kills it at the deadline");
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "killed", stubborn), TimeSpan.FromSeconds(30), "killed");
    }

    [Fact]
    public async Task Disable_refuses_later_resets_and_survives_a_restart_of_the_supervisor()
    {
        var host = await WharfHost.StartAsync();
        await using var _ = host;

        Assert.Equal(0, (await host.CliAsync("reset", "/DISABLE")).ExitCode);
        var refused = await host.CliAsync("reset");
        Assert.True(refused.ExitCode == 75, refused.ToString());
        Assert.Contains("disabled", refused.StandardError);

        Assert.Equal(0, await host.StopAsync());
        await host.StartAsync();

        var stillRefused = await host.CliAsync("reset", "/restart");
        Assert.True(stillRefused.ExitCode == 75, stillRefused.ToString());
        Assert.Equal(true, (bool?)(await host.StatusAsync())["resetDisabled"]);

        Assert.Equal(0, (await host.CliAsync("reset", "/enable")).ExitCode);
        var reset = await host.CliAsync("reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());
    }

    [Fact]
    public async Task Reboot_reexecutes_the_supervisor_in_place_and_keeps_serving()
    {
        await using var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();
        using var stopLoad = new CancellationTokenSource();
        var load = SequentialRequestsAsync(host.BaseUrl + "/", stopLoad.Token);

        var reboot = await host.CliAsync("reset", "/reboot");
        Assert.True(reboot.ExitCode == 0, reboot.ToString());
        await host.WaitForNotifyAsync("READY=1", TimeSpan.FromSeconds(60));
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "rebooted", host.SupervisorPid), TimeSpan.FromSeconds(30), "rebooted");
        var newWww = await host.ServicePidAsync();
        stopLoad.Cancel();
        var (ok, failed) = await load;

        Assert.NotEqual(www, newWww);
        Assert.True(ok > 0);
        Assert.True(failed.Count == 0, $"{failed.Count} requests failed during /reboot: {string.Join("; ", failed.Take(5))}\n{host.Output}");
    }

    [Fact]
    public async Task Rebootonerror_reexecutes_the_supervisor_when_the_reset_fails()
    {
        await using var host = await WharfHost.StartAsync();
        var frozen = await host.ServicePidAsync();
        Misbehave.Freeze(frozen);

        var reset = await host.CliAsync("reset", "/noforce", "/timeout:1", "/rebootonerror");

        Assert.True(reset.ExitCode == 1, reset.ToString());
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "reboot-on-error"), TimeSpan.FromSeconds(30), "reboot-on-error");
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "rebooted", host.SupervisorPid), TimeSpan.FromSeconds(30), "rebooted");
        await host.WaitForNotifyAsync("READY=1", TimeSpan.FromSeconds(60));
        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, status);

        // The frozen process of the previous image, left to finish by /noforce, ends with the
        // supervisor that retired it instead of outliving it, stopped, for ever.
        Assert.Equal(0, await host.StopAsync());
        Assert.False(Signals.IsAlive(frozen), $"pid {frozen} outlived the supervisor");
    }

    /// <summary>New connection per request, bounded in count, until cancelled.</summary>
    internal static async Task<(int Ok, List<string> Failed)> SequentialRequestsAsync(string url, CancellationToken stop)
    {
        var ok = 0;
        var failed = new List<string>();
        for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
        {
            try
            {
                var (status, _) = await Http.GetFreshAsync(url, TimeSpan.FromSeconds(30));
                if (status == HttpStatusCode.OK) ok++;
                else failed.Add(status.ToString());
            }
            catch (HttpRequestException e)
            {
                failed.Add(e.Message);
            }
        }
        return (ok, failed);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited for {what}");
            await Task.Delay(50);
        }
    }
}
