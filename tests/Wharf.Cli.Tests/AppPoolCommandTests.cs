using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Cli.Tests;

/// <summary>What `wharf apppool` and `wharf worker` send to the admin API, and what they print and exit with.</summary>
public sealed class AppPoolCommandTests
{
    private const string Config = """
        {
          "version": 7,
          "sites": [ { "id": 1, "name": "Default Web Site", "physicalPath": "wwwroot", "bindings": [ { "port": 8080 } ] } ],
          "applicationPools": [
            { "name": "DefaultAppPool" },
            { "name": "Shop", "program": { "command": "/usr/bin/dotnet", "arguments": ["Shop.dll"] }, "processModel": { "maxProcesses": 2 } }
          ]
        }
        """;

    private const string Commit = """
        {"version":8,"previousVersion":7,"changes":[{"path":"/applicationPools/1/processModel/idleTimeout","op":"add","old":null,"new":"00:05:00"}],
         "applied":[{"service":"www","outcome":"applied","message":"applied version 8 in place"}],"ok":true}
        """;

    private const string ShopStatus = """
        {"name":"Shop","state":"running","hasWorkers":true,"recycles":3,"recentFailures":1,"queueLength":4,"cgroups":"cgroup v1: cpu, memory, freezer",
         "workers":[{"id":"Shop#1","pool":"Shop","pid":4242,"state":"active","uptimeSeconds":3723,"requestsServed":120,"requestsInFlight":2,"privateMemoryBytes":52428800,"cpuPercent":12.5},
                    {"id":"Shop#2","pool":"Shop","pid":4243,"state":"draining","uptimeSeconds":61}]}
        """;

    private static readonly string Pools = $$$"""
        [
          {"name":"DefaultAppPool","configuration":{"name":"DefaultAppPool","state":"started","startMode":"onDemand","program":null},"usedBy":["site \"Default Web Site\""],"status":null},
          {"name":"Shop","configuration":{"name":"Shop","state":"started","startMode":"alwaysRunning","program":{"command":"/usr/bin/dotnet","arguments":["Shop.dll"]}},"usedBy":[],"status":{{{ShopStatus}}}}
        ]
        """;

    private readonly CliRun _cli = new();

    private static FakeAnswer Read() => FakeAnswer.Json(Config, 7);

    private async Task<(CliOutcome Run, IReadOnlyList<AdminExchange> Sent)> RunAsync(FakeAnswer[] answers, params string[] args)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root, answers);
        var run = await _cli.Wharf([.. args, "--root", root.Path]);
        return (run, api.Requests);
    }

    [Fact]
    public async Task List_is_a_table_of_name_state_start_mode_workers_and_program()
    {
        var (run, sent) = await RunAsync([FakeAnswer.Json(Pools, 7)], "apppool", "list");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("GET /api/apppools", $"{sent[0].Method} {sent[0].Target}");
        Assert.Equal("""
            NAME            STATE    START MODE     WORKERS  PROGRAM
            DefaultAppPool  started  onDemand       -        none: www serves its content
            Shop            running  alwaysRunning  2        /usr/bin/dotnet Shop.dll

            """, run.Out);
    }

    [Fact]
    public async Task Show_lists_the_settings_then_the_runtime_with_each_worker()
    {
        var view = JsonNode.Parse(Pools)![1]!.AsObject();
        view["configuration"]!["processModel"] = new JsonObject { ["maxProcesses"] = 2, ["idleTimeout"] = "00:20:00" };
        view["configuration"]!["program"]!["environment"] = JsonNode.Parse("""[{"name":"A","value":"1"},{"name":"B","value":"two words"}]""");
        var (run, sent) = await RunAsync([FakeAnswer.Json(view.ToJsonString(), 7)], "apppool", "show", "shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("GET /api/apppools/shop", $"{sent[0].Method} {sent[0].Target}");
        Assert.Matches(@"(?m)^program\.command\s+/usr/bin/dotnet$", run.Out);
        Assert.Matches(@"(?m)^program\.arguments\s+\[""Shop.dll""\]$", run.Out);
        Assert.Matches(@"(?m)^program\.environment\s+A=1$", run.Out);
        Assert.Matches(@"(?m)^\s+B=two words$", run.Out);
        Assert.Matches(@"(?m)^processModel\.idleTimeout\s+00:20:00$", run.Out);
        Assert.Matches(@"(?m)^usedBy\s+nothing$", run.Out);
        Assert.Matches(@"(?m)^state\s+running$", run.Out);
        Assert.Matches(@"(?m)^recent failures\s+1 \(rapid-fail protection counts them\)$", run.Out);
        Assert.Matches(@"(?m)^cgroups\s+cgroup v1: cpu, memory, freezer$", run.Out);
        Assert.Matches(@"(?m)^4242\s+Shop\s+Shop#1\s+active\s+1:02:03\s+120\s+2\s+50\.0 MiB\s+12\.5%$", run.Out);
        Assert.Matches(@"(?m)^4243\s+Shop\s+Shop#2\s+draining\s+0:01:01\s+-\s+-\s+-\s+-$", run.Out);
    }

    [Fact]
    public async Task Show_of_a_pool_without_a_program_says_www_serves_its_content()
    {
        var view = JsonNode.Parse(Pools)![0]!.ToJsonString();
        var (run, _) = await RunAsync([FakeAnswer.Json(view, 7)], "apppool", "show", "DefaultAppPool");
        Assert.Matches(@"(?m)^usedBy\s+site ""Default Web Site""$", run.Out);
        Assert.Contains("runtime: no program, so no workers; www serves this pool's applications' content itself", run.Out);
    }

    [Fact]
    public async Task Add_posts_only_what_was_given_against_the_version_read()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)],
            "apppool", "add", "Blog", "--command", "/usr/bin/node", "--arg", "server.js", "--arg", "--port=0", "--env", "NODE_ENV=production", "--env", "EMPTY=",
            "--working-directory", "/srv/blog", "--listen", "tcp", "--max-processes", "3", "--user", "blog", "--start-mode", "AlwaysRunning");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        var post = sent[1];
        Assert.Equal(("POST", "/api/apppools", "\"7\""), (post.Method, post.Target, post.IfMatch));
        Assert.Equal("""{"name":"Blog","startMode":"alwaysRunning","program":{"command":"/usr/bin/node","arguments":["server.js","--port=0"],"environment":[{"name":"NODE_ENV","value":"production"},{"name":"EMPTY","value":""}],"workingDirectory":"/srv/blog","listen":"tcp"},"processModel":{"userName":"blog","maxProcesses":3}}""", post.Body);
        Assert.StartsWith("added application pool \"Blog\" (runs /usr/bin/node)", run.OutLines[0]);
    }

    [Fact]
    public async Task Add_of_a_name_there_already_is_refused_without_sending_a_change()
    {
        var (run, sent) = await RunAsync([Read()], "apppool", "add", "SHOP", "--command", "/bin/true");
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Equal("there is already an application pool named \"Shop\"; pool names are unique, ignoring case", run.Err.Trim());
        Assert.Single(sent);
    }

    [Theory]
    [InlineData("--env", "NOEQUALS", "--env 'NOEQUALS' is not NAME=VALUE")]
    [InlineData("--start-mode", "sometimes", "--start-mode is onDemand or alwaysRunning, not 'sometimes'")]
    public async Task Add_with_a_malformed_option_is_a_usage_error_and_sends_nothing(string option, string value, string said)
    {
        var (run, sent) = await RunAsync([Read()], "apppool", "add", "Blog", "--command", "/bin/true", option, value);
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(said, run.Err);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Program_options_without_a_command_are_a_usage_error()
    {
        var (run, sent) = await RunAsync([Read()], "apppool", "add", "Blog", "--arg", "x");
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("name it with --command PATH", run.Err);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Set_puts_the_whole_pool_with_the_value_as_the_field_takes_it()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "apppool", "set", "shop", "processModel.idleTimeout", "00:05:00");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        var put = sent[1];
        Assert.Equal(("PUT", "/api/apppools/Shop", "\"7\""), (put.Method, put.Target, put.IfMatch));
        Assert.Equal("""{"name":"Shop","program":{"command":"/usr/bin/dotnet","arguments":["Shop.dll"]},"processModel":{"maxProcesses":2,"idleTimeout":"00:05:00"}}""", put.Body);
        Assert.Equal("changed application pool \"Shop\": processModel.idleTimeout", run.OutLines[0]);
    }

    [Theory]
    [InlineData("recycling.periodicRestart.requests", "1000", "\"recycling\":{\"periodicRestart\":{\"requests\":1000}}")]
    [InlineData("Recycling.PeriodicRestart.Schedule", "[\"03:00\"]", "\"recycling\":{\"periodicRestart\":{\"schedule\":[\"03:00\"]}}")]
    [InlineData("startMode", "ALWAYSRUNNING", "\"startMode\":\"alwaysRunning\"")]
    [InlineData("program.workingDirectory", "2024", "\"workingDirectory\":\"2024\"")]
    [InlineData("processModel.userName", "null", "\"userName\":null")]
    public async Task Set_parses_json_where_the_field_takes_it_else_text(string field, string value, string expected)
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "apppool", "set", "Shop", field, value);
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Contains(expected, sent[1].Body);
    }

    [Theory]
    [InlineData("processModel.maxProcess", "processModel has no 'maxProcess'")]
    [InlineData("name", "a pool cannot be renamed")]
    [InlineData("queueLength.x", "queueLength is a single value")]
    public async Task Set_of_a_field_a_pool_does_not_have_is_a_usage_error_and_sends_nothing(string field, string said)
    {
        var (run, sent) = await RunAsync([Read()], "apppool", "set", "Shop", field, "1");
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(said, run.Err);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Remove_deletes_the_pool_by_its_name_as_written()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "apppool", "remove", "shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("DELETE", "/api/apppools/Shop", "\"7\""), (sent[1].Method, sent[1].Target, sent[1].IfMatch));
    }

    [Fact]
    public async Task Remove_of_a_pool_in_use_shows_the_api_s_refusal_and_exits_1()
    {
        var refusal = FakeAnswer.Error(409, "application pool \"DefaultAppPool\" is used by site \"Default Web Site\"; move them to another pool first");
        var (run, _) = await RunAsync([Read(), refusal], "apppool", "remove", "DefaultAppPool");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal("application pool \"DefaultAppPool\" is used by site \"Default Web Site\"; move them to another pool first", run.Err.Trim());
    }

    [Fact]
    public async Task An_unknown_pool_is_one_line_naming_the_pools_there_are()
    {
        var (run, sent) = await RunAsync([Read()], "apppool", "remove", "Nope");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal("there is no application pool named \"Nope\"; the pools are \"DefaultAppPool\", \"Shop\" (`wharf apppool list`)", run.Err.Trim());
        Assert.Single(sent);
    }

    [Fact]
    public async Task Recycle_posts_to_the_pool_and_shows_what_the_supervisor_said_and_the_pool()
    {
        var answer = $$$"""{"pool":"Shop","commit":null,"ok":true,"message":"recycling 2 workers of Shop, overlapped","status":{{{ShopStatus}}}}""";
        var (run, sent) = await RunAsync([FakeAnswer.Json(answer)], "apppool", "recycle", "Shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("POST /api/apppools/Shop/recycle", $"{sent[0].Method} {sent[0].Target}");
        Assert.Equal("recycling 2 workers of Shop, overlapped", run.OutLines[0]);
        Assert.Matches(@"^Shop\s+running\s+2\s+3\s+1\s+4$", run.OutLines[2]);
    }

    [Fact]
    public async Task Start_the_supervisor_could_not_carry_out_exits_1_with_its_words_on_stderr()
    {
        var answer = """{"pool":"Shop","commit":{"version":7,"previousVersion":7,"changes":[],"applied":[],"ok":true},"ok":false,"message":"no such pool in the supervisor"}""";
        var (run, _) = await RunAsync([FakeAnswer.Json(answer)], "apppool", "start", "Shop");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal("no such pool in the supervisor", run.Err.Trim());
    }

    [Fact]
    public async Task Start_json_prints_the_answer_and_exits_as_without_it()
    {
        var answer = """{"pool":"Shop","commit":null,"ok":false,"message":"no"}""";
        var (run, _) = await RunAsync([FakeAnswer.Json(answer)], "apppool", "start", "Shop", "--json");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal("Shop", (string?)JsonNode.Parse(run.Out)!["pool"]);
    }

    [Fact]
    public async Task Worker_list_is_a_table_and_filters_by_pool()
    {
        var workers = JsonNode.Parse(ShopStatus)!["workers"]!.ToJsonString();
        var (run, sent) = await RunAsync([FakeAnswer.Json(workers)], "worker", "list", "--pool", "Shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("GET /api/workers?pool=Shop", $"{sent[0].Method} {sent[0].Target}");
        Assert.Matches(@"^PID\s+POOL\s+WORKER\s+STATE\s+UPTIME\s+SERVED\s+IN FLIGHT\s+MEMORY\s+CPU$", run.OutLines[0]);
        Assert.Matches(@"^4242\s+Shop\s+Shop#1\s+active\s+1:02:03\s+120\s+2\s+50\.0 MiB\s+12\.5%$", run.OutLines[1]);
        Assert.Equal(3, run.OutLines.Length);
    }

    [Fact]
    public async Task Worker_list_with_none_running_says_when_they_start()
    {
        var (run, _) = await RunAsync([FakeAnswer.Json("[]")], "worker", "list");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.StartsWith("no worker processes are running", run.Out);
    }

    [Fact]
    public void Reset_status_lists_pools_and_their_workers_after_the_services()
    {
        var shop = System.Text.Json.JsonSerializer.Deserialize(ShopStatus, HostingJsonContext.Default.PoolStatus)!;
        var reply = new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = true,
            Services = [new ServiceStatus { Name = "www", State = ServiceState.Running, Pid = 10 }],
            Pools =
            [
                new PoolStatus { Name = "DefaultAppPool", State = PoolRouteState.Running },
                shop,
                new PoolStatus { Name = "Api", State = PoolRouteState.RapidFailed, HasWorkers = true, RecentFailures = 5, Message = "5 crashes in 5 minutes" },
            ],
        };

        var lines = StatusRenderer.StatusReport(reply);

        Assert.Matches(@"^www\s+Running\s+10", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Matches(@"^POOL\s+STATE\s+WORKERS\s+RECYCLES\s+RECENT FAILURES\s+QUEUE$", lines[3]);
        Assert.Matches(@"^DefaultAppPool\s+running\s+none \(www serves its content\)\s+-\s+-\s+-$", lines[4]);
        Assert.Matches(@"^Shop\s+running\s+2\s+3\s+1\s+4$", lines[5]);
        Assert.Matches(@"^Api\s+rapid-failed\s+0\s+0\s+5\s+-$", lines[6]);
        Assert.Equal("  Api: 5 crashes in 5 minutes", lines[7]);
        Assert.Equal("", lines[8]);
        Assert.Matches(@"^PID\s+POOL\s+WORKER", lines[9]);
        Assert.Matches(@"^4243\s+Shop\s+Shop#2\s+draining", lines[11]);
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(4096, "4 KiB")]
    [InlineData(52_428_800, "50.0 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void Memory_is_in_binary_units(long bytes, string expected) => Assert.Equal(expected, PoolStatusRenderer.Memory(bytes));
}
