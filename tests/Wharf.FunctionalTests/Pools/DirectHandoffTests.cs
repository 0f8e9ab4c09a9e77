using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>
/// program.directHandoff: the site's socket is the workers' own (fd 3, LISTEN_FDS), and the test app
/// takes it with Kestrel's UseSystemd, which drops ASPNETCORE_URLS, so the worker never listens on
/// its own endpoint: it must still be ready, pinged by nobody, and its socket must outlive recycles
/// and www. The app is the JIT build; the Native AOT one (the bench's) was checked by hand, since its
/// publish would add minutes to the suite.
/// </summary>
public sealed class DirectHandoffTests
{
    private static async Task<WharfHost> StartHandoffAsync(int workers = 1, WorkerProgram? program = null) =>
        await PoolSetup.StartAsync(program ?? await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("program.directHandoff", true);
            pool.Set("processModel.maxProcesses", workers);
            // Well below the 90 s default, so that a worker not seen as ready fails the test in time.
            pool.Set("processModel.startupTimeLimit", "00:00:20");
            // A health request www sent to such a worker would fail, and get it killed, within seconds.
            pool.Set("processModel.pingInterval", "00:00:01");
            pool.Set("processModel.pingResponseTime", "00:00:01");
        });

    [Fact]
    public async Task A_handed_site_is_answered_by_the_worker_itself_with_the_clients_own_address()
    {
        await using var host = await StartHandoffAsync();
        var worker = (await host.WaitForActiveWorkersAsync(timeout: TimeSpan.FromSeconds(20))).Single();

        // The worker's peer is this very connection: no www in between, no forwarded header.
        var local = 0;
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            UseProxy = false,
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                local = ((IPEndPoint)socket.LocalEndPoint!).Port;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var seen = JsonNode.Parse(await client.GetStringAsync(host.BaseUrl + "/request"))!;
        Assert.Equal("127.0.0.1", (string?)seen["remoteIpAddress"]);
        Assert.Equal(local, (int)seen["remotePort"]!);
        var headers = seen["headers"]!.AsObject();
        Assert.False(headers.ContainsKey("X-Forwarded-For"), seen.ToJsonString());
        Assert.Equal(worker, int.Parse(await client.GetStringAsync(host.BaseUrl + "/pid"), CultureInfo.InvariantCulture));

        // www does not listen on the site's socket: nothing of it is among www's descriptors.
        var www = await host.ServicePidAsync("www");
        var listening = ListeningInode(host.HttpPort);
        Assert.DoesNotContain(listening, SocketInodes(www));
        Assert.Contains(listening, SocketInodes(worker));

        // Ready without its own endpoint, and left alone by www's health requests.
        var env = JsonNode.Parse(await client.GetStringAsync(host.BaseUrl + "/env"))!.AsObject();
        Assert.Equal("1", (string?)env["LISTEN_FDS"]);
        Assert.False(File.Exists(((string?)env["ASPNETCORE_URLS"])!["http://unix:".Length..]), "the worker listens on its own socket too; this test is about one that does not");
        await host.WaitForAsync("worker-ready", pid: worker);
        Assert.DoesNotContain(host.Events.All(), e => PoolEvents.Is(e, "worker-unhealthy") || PoolEvents.Is(e, "worker-start-failed"));
    }

    [Fact]
    public async Task A_python_worker_that_polls_its_handed_socket_is_ready_and_serves()
    {
        // Python's socketserver waits in poll(2), not epoll: the supervisor reads the polled set.
        await using var host = await StartHandoffAsync(program: WorkerApps.Python());
        var worker = (await host.WaitForActiveWorkersAsync(timeout: TimeSpan.FromSeconds(20))).Single();

        Assert.Equal(worker, await PoolClient.WorkerPidAsync(host));
        var seen = await PoolClient.JsonAsync(host, "/request");
        Assert.Equal("127.0.0.1", (string?)seen["remoteIpAddress"]);
        Assert.False(seen["headers"]!.AsObject().ContainsKey("X-Forwarded-For"), seen.ToJsonString());
    }

    [Fact]
    public async Task The_handed_socket_survives_a_recycle_and_a_restart_of_www_with_no_failed_request()
    {
        await using var host = await StartHandoffAsync(workers: 2);
        var first = await host.WaitForActiveWorkersAsync(count: 2, timeout: TimeSpan.FromSeconds(30));

        var during = await RequestsWhileAsync(host, async () =>
        {
            var recycle = await host.CliAsync("apppool", "recycle", PoolSetup.Pool);
            Assert.True(recycle.ExitCode == 0, recycle.ToString());
            await host.WaitForActiveWorkersAsync(count: 2, notThese: first, timeout: TimeSpan.FromSeconds(30));
        });
        Assert.True(during.Answered >= 20, $"{during.Answered} answered");
        Assert.True(during.Failed.Count == 0, $"failed during the recycle: {string.Join("; ", during.Failed)}\n{host.Output}");
        var second = await host.ActiveWorkerPidsAsync();
        foreach (var old in first)
            Assert.True(await Signals.WaitForExitAsync(old, TimeSpan.FromSeconds(30)), $"old worker {old} still runs after its recycle");
        Assert.Contains(await PoolClient.WorkerPidAsync(host), second);

        // /restart replaces www and recycles the pools overlapped; the socket is the supervisor's throughout.
        var www = await host.ServicePidAsync("www");
        var across = await RequestsWhileAsync(host, async () =>
        {
            var reset = await host.CliAsync("reset", "/restart");
            Assert.True(reset.ExitCode == 0, reset.ToString());
            await host.WaitForActiveWorkersAsync(count: 2, notThese: second, timeout: TimeSpan.FromSeconds(30));
        });
        Assert.True(across.Answered >= 20, $"{across.Answered} answered");
        Assert.True(across.Failed.Count == 0, $"failed during the restart: {string.Join("; ", across.Failed)}\n{host.Output}");
        Assert.NotEqual(www, await host.ServicePidAsync("www"));
        var third = await host.ActiveWorkerPidsAsync();
        Assert.Contains(await PoolClient.WorkerPidAsync(host), third);
        Assert.DoesNotContain(host.Events.All(), e => PoolEvents.Is(e, "worker-unhealthy") || PoolEvents.Is(e, "worker-start-failed"));
    }

    private sealed record Requests(int Answered, IReadOnlyList<string> Failed);

    /// <summary>GET /pid, each on a new connection, one after another while <paramref name="action"/> runs (at least 20, at most 5000).</summary>
    private static async Task<Requests> RequestsWhileAsync(WharfHost host, Func<Task> action)
    {
        var answered = 0;
        var failed = new List<string>();
        var acting = action();
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var sent = 0;
        while ((!acting.IsCompleted || sent < 20) && sent < 5000)
        {
            sent++;
            try
            {
                using var response = await client.GetAsync(host.BaseUrl + "/pid");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && int.TryParse(body, CultureInfo.InvariantCulture, out _)) answered++;
                else failed.Add($"{(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException e)
            {
                failed.Add(e.Message);
            }
            catch (TaskCanceledException e)
            {
                failed.Add(e.Message);
            }
        }
        await acting;
        return new Requests(answered, failed);
    }

    /// <summary>The inode of the socket listening on 127.0.0.1:PORT, from /proc/net/tcp.</summary>
    private static long ListeningInode(int port)
    {
        var local = $"0100007F:{port:X4}";
        foreach (var line in File.ReadAllLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[1] == local && f[3] == "0A") return long.Parse(f[9], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"nothing listens on 127.0.0.1:{port}");
    }

    private static IReadOnlySet<long> SocketInodes(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(t => t is not null && t.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(t => long.Parse(t!["socket:[".Length..^1], CultureInfo.InvariantCulture))
            .ToHashSet();
}
