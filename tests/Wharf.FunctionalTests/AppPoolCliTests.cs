using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// `wharf apppool` and the /api/apppools endpoints against the real `wharf serve`. No worker
/// program runs: a pool no request reaches starts none when onDemand, so what is proved here is
/// the configuration, the validation and the answers (workers are WorkerTests').
/// </summary>
public sealed class AppPoolCliTests
{
    [Fact]
    public async Task Add_list_show_set_and_remove_a_pool()
    {
        await using var host = await WharfHost.StartAsync();

        var added = await host.CliAsync("apppool", "add", "Shop", "--command", "/usr/bin/python3", "--arg", "-m", "--arg", "http.server",
            "--env", "GREETING=hello world", "--max-processes", "2", "--start-mode", "alwaysrunning", "--listen", "tcp");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith("added application pool \"Shop\" (runs /usr/bin/python3)", added.StandardOutput);
        Assert.Contains("version 2: /applicationPools/1: (absent) → ", added.StandardOutput);

        var list = await host.CliAsync("apppool", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATE\s+START MODE\s+WORKERS\s+PROGRAM$", lines[0]);
        Assert.Matches(@"^DefaultAppPool\s+\S+\s+onDemand\s+-\s+none: www serves its content$", lines[1]);
        Assert.Matches(@"^Shop\s+\S+\s+alwaysRunning\s+\S+\s+/usr/bin/python3 -m http\.server$", lines[2]);

        var json = JsonNode.Parse((await host.CliAsync("apppool", "list", "--json")).StandardOutput)!.AsArray();
        Assert.Equal(["DefaultAppPool", "Shop"], json.Select(p => (string?)p!["name"]));
        var shop = json[1]!["configuration"]!;
        Assert.Equal(2, (int?)shop["processModel"]!["maxProcesses"]);
        Assert.Equal("tcp", (string?)shop["program"]!["listen"]);
        Assert.Equal(1000, (int?)shop["queueLength"]); // defaults are filled in
        Assert.Equal(["site \"Default Web Site\""], json[0]!["usedBy"]!.AsArray().Select(u => (string?)u));

        var show = await host.CliAsync("apppool", "show", "shop");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Matches(@"(?m)^program\.command\s+/usr/bin/python3$", show.StandardOutput);
        Assert.Matches(@"(?m)^program\.environment\s+GREETING=hello world$", show.StandardOutput);
        Assert.Matches(@"(?m)^processModel\.maxProcesses\s+2$", show.StandardOutput);
        Assert.Matches(@"(?m)^processModel\.userName\s+null$", show.StandardOutput);
        Assert.Matches(@"(?m)^processModel\.idleTimeout\s+00:20:00$", show.StandardOutput);
        Assert.Matches(@"(?m)^usedBy\s+nothing$", show.StandardOutput);

        var idle = await host.CliAsync("apppool", "set", "Shop", "processModel.idleTimeout", "00:05:00");
        Assert.True(idle.ExitCode == 0, idle.ToString());
        Assert.StartsWith("changed application pool \"Shop\": processModel.idleTimeout", idle.StandardOutput);
        Assert.Contains("version 3: /applicationPools/1/processModel/idleTimeout: (absent) → \"00:05:00\"", idle.StandardOutput);
        var requests = await host.CliAsync("apppool", "set", "SHOP", "recycling.periodicRestart.requests", "1000");
        Assert.True(requests.ExitCode == 0, requests.ToString());

        var written = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["applicationPools"]![1]!;
        Assert.Equal("00:05:00", (string?)written["processModel"]!["idleTimeout"]);
        Assert.Equal(1000, (long?)written["recycling"]!["periodicRestart"]!["requests"]);

        var removed = await host.CliAsync("apppool", "remove", "shop");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.StartsWith("removed application pool \"Shop\"", removed.StandardOutput);
        Assert.Equal(["DefaultAppPool"], JsonNode.Parse((await host.CliAsync("apppool", "list", "--json")).StandardOutput)!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task Bad_settings_are_refused_naming_the_field_and_nothing_changes()
    {
        await using var host = await WharfHost.StartAsync();
        var before = await VersionAsync(host);

        var relative = await host.CliAsync("apppool", "add", "Shop", "--command", "python3");
        Assert.Equal(2, relative.ExitCode);
        Assert.Contains("/applicationPools/1/program/command: \"python3\" is not an absolute path", relative.StandardError);

        var reserved = await host.CliAsync("apppool", "add", "Shop", "--command", "/bin/true", "--env", "PORT=80");
        Assert.Equal(2, reserved.ExitCode);
        Assert.Contains("/applicationPools/1/program/environment/0/name: \"PORT\" is set by Wharf itself", reserved.StandardError);

        var root = await host.CliAsync("apppool", "add", "Shop", "--command", "/bin/true", "--user", "root");
        Assert.Equal(2, root.ExitCode);
        Assert.Contains("/applicationPools/1/processModel/userName: \"root\" is root", root.StandardError);

        var garden = await host.CliAsync("apppool", "set", "DefaultAppPool", "processModel.maxProcesses", "100");
        Assert.Equal(2, garden.ExitCode);
        Assert.Contains("/applicationPools/0/processModel/maxProcesses: 100 is out of range; a pool runs 1 to 64 workers", garden.StandardError);

        var schedule = await host.CliAsync("apppool", "set", "DefaultAppPool", "recycling.periodicRestart.schedule", "[\"03:00\",\"24:00\"]");
        Assert.Equal(2, schedule.ExitCode);
        Assert.Contains("/applicationPools/0/recycling/periodicRestart/schedule/1: \"24:00\" is not a time of day", schedule.StandardError);

        var typo = await host.CliAsync("apppool", "set", "DefaultAppPool", "processModel.maxProcess", "2");
        Assert.Equal(64, typo.ExitCode);
        Assert.Contains("processModel has no 'maxProcess'", typo.StandardError);

        var duplicate = await host.CliAsync("apppool", "add", "defaultapppool");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("there is already an application pool named \"DefaultAppPool\"", duplicate.StandardError);

        var unknown = await host.CliAsync("apppool", "show", "Nowhere");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("there is no application pool named \"Nowhere\"; the pools are \"DefaultAppPool\"", unknown.StandardError);

        Assert.Equal(before, await VersionAsync(host));
    }

    [Fact]
    public async Task A_pool_a_site_uses_cannot_be_removed_and_the_refusal_names_the_site()
    {
        await using var host = await WharfHost.StartAsync();
        var before = await VersionAsync(host);

        var removed = await host.CliAsync("apppool", "remove", "DefaultAppPool");

        Assert.Equal(1, removed.ExitCode);
        Assert.Contains("application pool \"DefaultAppPool\" is used by site \"Default Web Site\"; move them to another pool first", removed.StandardError);
        Assert.Equal(before, await VersionAsync(host));
    }

    [Fact]
    public async Task Stop_and_start_keep_the_pool_s_state_in_the_configuration()
    {
        await using var host = await WharfHost.StartAsync();
        // A name with a space travels in the URL path as %20, decoded once.
        Assert.Equal(0, (await host.CliAsync("apppool", "add", "Shop Pool", "--command", "/bin/true")).ExitCode);

        var stopped = await host.CliAsync("apppool", "stop", "shop pool");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("/applicationPools/1/state: (absent) → \"stopped\"", stopped.StandardOutput);
        Assert.Contains("application pool \"Shop Pool\" is stopped", stopped.StandardOutput);
        Assert.Equal("stopped", (string?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["applicationPools"]![1]!["state"]);

        // Start commits the state, then asks the supervisor to start the pool (and clear rapid-fail protection).
        var started = await host.CliAsync("apppool", "start", "Shop Pool", "--json");
        var answer = JsonNode.Parse(started.StandardOutput)!;
        Assert.Equal("Shop Pool", (string?)answer["pool"]);
        Assert.Equal("started", (string?)answer["commit"]!["changes"]![0]!["new"]);
        Assert.Equal("started", (string?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["applicationPools"]![1]!["state"]);
    }

    [Fact]
    public async Task The_api_merges_a_patch_refuses_a_rename_and_lists_workers()
    {
        await using var host = await WharfHost.StartAsync();

        var patched = await ApiAsync(host, "PATCH", "/api/apppools/defaultapppool", """{"queueLength": 500, "processModel": {"pingPath": "/health"}}""");
        Assert.Equal(200, patched.Status);
        Assert.Equal(2, (long?)patched.Body["version"]);
        var pool = (await ApiAsync(host, "GET", "/api/apppools/DefaultAppPool")).Body;
        Assert.Equal(500, (int?)pool["configuration"]!["queueLength"]);
        Assert.Equal("/health", (string?)pool["configuration"]!["processModel"]!["pingPath"]);
        Assert.Equal(1, (int?)pool["configuration"]!["processModel"]!["maxProcesses"]);

        var renamed = await ApiAsync(host, "PUT", "/api/apppools/DefaultAppPool", """{"name": "Other"}""");
        Assert.Equal(400, renamed.Status);
        Assert.Contains("cannot be renamed", (string?)renamed.Body["error"]);

        var invalid = await ApiAsync(host, "PATCH", "/api/apppools/DefaultAppPool", """{"queueLength": 5}""");
        Assert.Equal(422, invalid.Status);
        Assert.Equal("/applicationPools/0/queueLength", (string?)invalid.Body["errors"]![0]!["path"]);

        var recycle = await ApiAsync(host, "POST", "/api/apppools/DefaultAppPool/recycle");
        Assert.Equal(409, recycle.Status);
        Assert.Contains("has no program", (string?)recycle.Body["error"]);

        var workers = await ApiRawAsync(host, "GET", "/api/workers");
        Assert.Equal(200, workers.Status);
        Assert.Empty(JsonNode.Parse(workers.Text)!.AsArray());
    }

    private static async Task<(int Status, JsonNode Body)> ApiAsync(WharfHost host, string method, string path, string? body = null)
    {
        var (status, text) = await ApiRawAsync(host, method, path, body);
        return (status, JsonNode.Parse(text)!);
    }

    private static async Task<(int Status, string Text)> ApiRawAsync(WharfHost host, string method, string path, string? body = null)
    {
        string[] data = body is null ? [] : ["-H", "Content-Type: application/json", "--data-binary", body];
        var curl = await CommandResult.RunAsync("curl",
            ["-sS", "-X", method, "-w", "\n%{http_code}", "--unix-socket", Path.Combine(host.Root, "run", "admin.sock"), .. data, "http://wharf" + path]);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        var end = curl.StandardOutput.LastIndexOf('\n');
        return (int.Parse(curl.StandardOutput[(end + 1)..]), curl.StandardOutput[..end]);
    }

    private static async Task<string> VersionAsync(WharfHost host) =>
        (await host.CliAsync("config", "show", "version")).StandardOutput.Trim();
}
