using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

public sealed class RecoveryTests
{
    [Fact]
    public async Task Kill_9_of_www_brings_a_new_one_up_while_the_socket_keeps_accepting()
    {
        await using var host = await WharfHost.StartAsync("""{ "recovery": { "restartDelay": "00:00:00.2" } }""");
        var old = await host.ServicePidAsync();

        Signals.Send(old, Signals.SIGKILL);
        // Connect at once: the supervisor still holds the listening socket, so this lands in the backlog.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.HttpPort);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        var response = await ReadAllAsync(socket);

        Assert.StartsWith("HTTP/1.1 200", response);
        var crashed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "crashed", old), TimeSpan.FromSeconds(30), "crashed");
        Assert.Equal("SIGKILL", (string?)crashed["signal"]);
        var www = await host.ServiceStatusAsync();
        Assert.Equal("Running", (string?)www["state"]);
        Assert.NotEqual(old, (int?)www["pid"]);
        Assert.Equal(1, (int?)www["restarts"]);
    }

    [Fact]
    public async Task A_service_that_stops_answering_pings_is_killed_and_restarted()
    {
        await using var host = await WharfHost.StartAsync("""{ "pingInterval": "00:00:00.5", "pingMissedLimit": 3, "recovery": { "restartDelay": 0 } }""");
        var hung = await host.ServicePidAsync();
        // A keep-alive connection left open, reported with a pong before the process stops answering.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, host.HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        Assert.True(await stream.ReadAsync(new byte[4096]) > 0);
        var reported = Stopwatch.StartNew();
        while ((long?)(await host.ServiceStatusAsync())["connections"] is not >= 1)
        {
            Assert.True(reported.Elapsed < TimeSpan.FromSeconds(20), "no pong reported the open connection");
            await Task.Delay(100);
        }

        Signals.Send(hung, Signals.SIGSTOP);

        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "hung", hung), TimeSpan.FromSeconds(30), "hung");
        var killed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "killed", hung), TimeSpan.FromSeconds(30), "killed");
        // It could not say what it held; its last pong did, and the kill names that and its age.
        // The pong that saw the connection may have come while its request was still finishing.
        Assert.Matches(@"^hung: no answer to 3 pings; killed, cutting 1 ((idle )?connection|request).*\(as of \d+\.\d s before the kill\)$", (string?)killed["message"]);
        var ready = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "ready") && (int?)e["pid"] != hung, TimeSpan.FromSeconds(30), "ready");
        Assert.False(Signals.IsAlive(hung));
        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((int?)ready["pid"], await host.ServicePidAsync());
    }

    [Fact]
    public async Task A_crash_loop_ends_in_Failed_with_the_reason_and_is_retried_after_the_backoff()
    {
        await using var host = await WharfHost.StartAsync("""
            { "recovery": { "restartDelay": 0, "rapidFail": { "maxFailures": 3, "interval": "00:05:00", "retryBackoff": "00:00:02" } } }
            """);

        for (var i = 0; i < 3; i++)
        {
            var pid = await host.ServicePidAsync();
            Signals.Send(pid, Signals.SIGKILL);
            if (i < 2)
                await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "ready") && (int?)e["pid"] > 0 && (int?)e["pid"] != pid
                    && host.Events.All().Count(x => EventLogReader.Is(x, "www", "ready")) >= i + 2, TimeSpan.FromSeconds(30), $"ready after crash {i + 1}");
        }

        var failed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "failed"), TimeSpan.FromSeconds(30), "failed");
        Assert.Contains("3 failures", (string?)failed["message"]);
        var www = await host.ServiceStatusAsync();
        Assert.Equal("Failed", (string?)www["state"]);
        Assert.Contains("rapid-fail", (string?)www["message"]);

        // The back-off (2 s here) passes and the service is tried again.
        var readyBefore = host.Events.All().Count(x => EventLogReader.Is(x, "www", "ready"));
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "ready")
            && host.Events.All().Count(x => EventLogReader.Is(x, "www", "ready")) > readyBefore, TimeSpan.FromSeconds(30), "ready after the back-off");
        Assert.Equal("Running", (string?)(await host.ServiceStatusAsync())["state"]);
        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Failed_service_waiting_for_an_administrator_starts_with_wharf_service_start()
    {
        await using var host = await WharfHost.StartAsync("""
            { "recovery": { "restartDelay": 0, "rapidFail": { "maxFailures": 1, "waitForAdministrator": true } } }
            """);
        Signals.Send(await host.ServicePidAsync(), Signals.SIGKILL);
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "failed"), TimeSpan.FromSeconds(30), "failed");
        Assert.Equal("Failed", (string?)(await host.ServiceStatusAsync())["state"]);

        var start = await host.CliAsync("service", "start", "www");

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("Running", (string?)(await host.ServiceStatusAsync())["state"]);
    }

    [Fact]
    public async Task The_run_action_runs_the_recovery_program_as_its_account_in_its_own_session_with_the_fail_count_and_leaves_the_service_down()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"wh-recovery-{Guid.NewGuid():N}");
        var program = $"echo \\\"$WHARF_SERVICE $WHARF_FAIL_COUNT $(id -un) $(ps -o sid= -p $$) $$\\\" > {marker}";
        await using var host = await WharfHost.StartAsync($$"""{ "recovery": { "firstFailure": "run", "program": "{{program}}", "runAs": "daemon" } }""");
        try
        {
            Signals.Send(await host.ServicePidAsync(), Signals.SIGKILL);

            await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "recovery-program"), TimeSpan.FromSeconds(30), "recovery-program");
            await ResetTests.WaitUntilAsync(() => Task.FromResult(File.Exists(marker) && File.ReadAllText(marker).EndsWith('\n')), "the program's output");
            // As the account named, never root, and in a session of its own (its pid leads it).
            var words = File.ReadAllText(marker).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["www", "1", "daemon"], words[..3]);
            Assert.Equal(words[4].Trim(), words[3]);
            Assert.Equal("Stopped", (string?)(await host.ServiceStatusAsync())["state"]);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task Serve_takes_its_listening_socket_from_systemd_socket_activation()
    {
        var host = WharfHost.Prepare();
        await using var _ = host;
        // Bind as systemd would, put the socket at descriptor 3 and exec wharf in the same process.
        const string activate = """
            import os, socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(128)
            os.dup2(s.fileno(), 3); os.set_inheritable(3, True)
            os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="www")
            os.execv(sys.argv[2], sys.argv[2:])
            """;
        await host.StartAsync(launcher: "python3", launcherArguments: ["-c", activate, host.HttpPort.ToString(), WharfPaths.Executable]);

        var (status, body) = await Http.GetFreshAsync(host.BaseUrl + "/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("hello from wharf", body);
    }

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var text = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        return text.ToString();
    }
}
