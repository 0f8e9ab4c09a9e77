using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class WorkerEnvironmentTests
{
    private static WorkerProgramConfig Program(params (string Name, string Value)[] variables) => new()
    {
        Command = "/usr/bin/app",
        Environment = [.. variables.Select(v => new EnvironmentVariableConfig { Name = v.Name, Value = v.Value })],
    };

    [Fact]
    public void A_unix_worker_gets_only_the_pools_variables_and_wharfs_own()
    {
        var (env, ignored) = WorkerEnvironment.Build(Program(("ASPNETCORE_ENVIRONMENT", "Production")), "Shop", "Shop#3",
            new WorkerEndpoint("/data/run/pools/shop/w3.sock", null), []);

        Assert.Equal(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://unix:/data/run/pools/shop/w3.sock",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["WHARF_APP_POOL"] = "Shop",
            ["WHARF_WORKER_ID"] = "Shop#3",
            ["PATH"] = WorkerEnvironment.SafePath,
            ["LANG"] = "C.UTF-8",
            ["HOME"] = "/nonexistent",
        }, env);
        Assert.Empty(ignored);
    }

    [Fact]
    public void A_tcp_worker_gets_its_port_in_PORT_and_ASPNETCORE_URLS()
    {
        var (env, _) = WorkerEnvironment.Build(Program(), "Shop", "Shop#1", new WorkerEndpoint(null, 41234), []);

        Assert.Equal("41234", env["PORT"]);
        Assert.Equal("http://127.0.0.1:41234", env["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void The_pool_cannot_override_wharfs_names_and_each_one_it_tried_is_named()
    {
        var (env, ignored) = WorkerEnvironment.Build(
            Program(("ASPNETCORE_URLS", "http://0.0.0.0:80"), ("WHARF_APP_POOL", "Other"), ("LISTEN_FDS", "9"), ("A=B", "c"), ("OK", "yes")),
            "Shop", "Shop#1", new WorkerEndpoint("/r/w1.sock", null), []);

        Assert.Equal("http://unix:/r/w1.sock", env["ASPNETCORE_URLS"]);
        Assert.Equal("Shop", env["WHARF_APP_POOL"]);
        Assert.False(env.ContainsKey("LISTEN_FDS"));
        Assert.False(env.ContainsKey("A=B"));
        Assert.Equal("yes", env["OK"]);
        Assert.Equal(4, ignored.Count);
        Assert.Contains(ignored, i => i.StartsWith("ASPNETCORE_URLS", StringComparison.Ordinal));
        Assert.Contains(ignored, i => i.StartsWith("WHARF_APP_POOL", StringComparison.Ordinal));
    }

    [Fact]
    public void PATH_LANG_and_HOME_are_defaults_the_pool_may_replace()
    {
        var (env, ignored) = WorkerEnvironment.Build(Program(("PATH", "/opt/node/bin:/usr/bin"), ("HOME", "/var/lib/shop")),
            "Shop", "Shop#1", new WorkerEndpoint("/r/w1.sock", null), []);

        Assert.Equal("/opt/node/bin:/usr/bin", env["PATH"]);
        Assert.Equal("/var/lib/shop", env["HOME"]);
        Assert.Equal("C.UTF-8", env["LANG"]);
        Assert.Empty(ignored);
    }

    [Fact]
    public void The_names_wharf_keeps_are_the_validators_reserved_ones()
    {
        Assert.All(Wharf.Config.ConfigValidator.ReservedEnvironment, name => Assert.True(WorkerEnvironment.IsWharfs(name), name));
        Assert.True(WorkerEnvironment.IsWharfs("WHARF_ANYTHING"));
        Assert.False(WorkerEnvironment.IsWharfs("PATH"));
    }

    [Fact]
    public void Handed_sockets_are_counted_and_named_as_systemd_does()
    {
        var (env, _) = WorkerEnvironment.Build(Program(), "Shop", "Shop#1", new WorkerEndpoint("/r/w1.sock", null), ["www/*:80", "www/127.0.0.1:443"]);

        Assert.Equal("2", env["LISTEN_FDS"]);
        Assert.Equal("www/*_80:www/127.0.0.1_443", env["LISTEN_FDNAMES"]);
        Assert.False(env.ContainsKey("LISTEN_PID"));
    }

    [Fact]
    public void The_safe_path_holds_no_folder_an_unprivileged_account_can_write() =>
        Assert.DoesNotContain(WorkerEnvironment.SafePath.Split(':'), f => f.StartsWith("/tmp", StringComparison.Ordinal) || f == "." || f.Length == 0);
}
