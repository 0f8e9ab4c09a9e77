using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>What a worker is given: its environment, its account, where it listens, and the client as www saw it.</summary>
public sealed class WorkerIdentityTests
{
    [Fact]
    public async Task A_worker_gets_a_clean_environment_with_the_pools_variables_and_where_to_listen()
    {
        var program = (await WorkerApps.AspNetAsync()).With("SHOP_SETTING", "blue");
        // Something the supervisor has in its own environment must not reach an application.
        await using var host = await PoolSetup.StartAsync(program, environment: new Dictionary<string, string> { ["SUPERVISOR_SECRET"] = "hunter2" });

        var env = (await PoolClient.JsonAsync(host, "/env")).AsObject();

        Assert.Equal("blue", (string?)env["SHOP_SETTING"]);
        Assert.Equal("true", (string?)env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        var urls = (string?)env["ASPNETCORE_URLS"];
        Assert.StartsWith("http://unix:/", urls);
        Assert.False(env.ContainsKey("SUPERVISOR_SECRET"), $"the supervisor's environment leaked into the worker:\n{env.ToJsonString()}");
        Assert.False(env.ContainsKey("NOTIFY_SOCKET"), "systemd's NOTIFY_SOCKET is the supervisor's, never a worker's");
        Assert.DoesNotContain(env, v => v.Key.StartsWith("WHARF_LISTEN_FDS", StringComparison.Ordinal) || v.Key == "WHARF_CONTROL_FD");
        // The socket's folder is shut to everyone but www and the pool's account.
        var folder = Path.GetDirectoryName(urls!["http://unix:".Length..])!;
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
    }

    [Fact]
    public async Task A_tcp_pool_worker_listens_on_the_loopback_port_in_PORT()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool.Set("program.listen", "tcp"));

        var env = (await PoolClient.JsonAsync(host, "/env")).AsObject();

        var port = (string?)env["PORT"];
        Assert.True(int.TryParse(port, out var number) && number is > 0 and < 65536, $"PORT is '{port}'");
        Assert.Equal($"http://127.0.0.1:{port}", ((string?)env["ASPNETCORE_URLS"])?.TrimEnd('/'));
    }

    [SkippableFact]
    public async Task As_root_a_worker_runs_as_its_pools_own_account_not_as_www_nor_root()
    {
        Skip.IfNot(Privileges.IsRoot, "pool accounts are made and used only when Wharf runs as root");
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());

        var me = await PoolClient.JsonAsync(host, "/whoami");
        var www = ServiceAccount.Of(await host.ServicePidAsync("www"));

        Assert.NotEqual(0, (int)me["uid"]!);
        Assert.NotEqual(0, (int)me["gid"]!);
        Assert.NotEqual((int)www.Uid, (int)me["uid"]!);
        Assert.StartsWith("wharf-pool-", (string?)me["user"]);
        Assert.Contains("app", (string?)me["user"], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0", ((string?)me["groups"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Forwarded_headers_carry_the_real_client_and_a_clients_spoofed_ones_are_dropped()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());

        var seen = await PoolClient.JsonAsync(host, "/request", new Dictionary<string, string>
        {
            ["X-Forwarded-For"] = "203.0.113.66",
            ["X-Forwarded-Proto"] = "https",
            ["X-Forwarded-Host"] = "evil.example",
        });

        // ASP.NET Core, told by ASPNETCORE_FORWARDEDHEADERS_ENABLED, took the client's address and scheme from www's headers.
        Assert.Equal("127.0.0.1", (string?)seen["remoteIpAddress"]);
        Assert.Equal("http", (string?)seen["scheme"]);
        var headers = seen["headers"]!.AsObject();
        Assert.Equal($"127.0.0.1:{host.HttpPort}", (string?)headers["X-Forwarded-Host"]);
        Assert.DoesNotContain("203.0.113.66", seen.ToJsonString());
        Assert.DoesNotContain("evil.example", seen.ToJsonString());
        Assert.DoesNotContain("https", seen.ToJsonString());
    }

    [Fact]
    public async Task The_python_worker_serves_and_sees_the_client_in_X_Forwarded_For()
    {
        await using var host = await PoolSetup.StartAsync(WorkerApps.Python());

        var root = await PoolClient.GetAsync(host, "/");
        var seen = await PoolClient.JsonAsync(host, "/request", new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.66" });

        Assert.True(root.Status == HttpStatusCode.OK, root.ToString());
        Assert.StartsWith("python worker ", root.Body);
        var headers = seen["headers"]!.AsObject();
        var forwardedFor = headers.FirstOrDefault(h => h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal("127.0.0.1", (string?)forwardedFor);
        Assert.Equal("http", (string?)headers.FirstOrDefault(h => h.Key.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task An_application_in_a_pool_goes_to_its_worker_while_the_sites_root_stays_static()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), application: "/shop");

        var root = await PoolClient.GetAsync(host, "/");
        var app = await PoolClient.GetAsync(host, "/shop/anything");

        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Contains("hello from wharf", root.Body);
        Assert.StartsWith("worker ", app.Body);
        Assert.Contains("/shop/anything", app.Body);
    }
}
