using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>`wharf site` and `wharf vdir` against the real `wharf serve`, checked with curl.</summary>
public sealed class SiteCliTests
{
    [Fact]
    public async Task A_site_added_by_the_cli_serves_a_stopped_one_answers_503_while_the_default_site_serves_and_a_removed_one_is_gone()
    {
        await using var host = await WharfHost.StartAsync();
        ConfigStoreTests.MakeFolders(host, "shop");
        var port = FreePort.Next();

        var added = await host.CliAsync("site", "add", "Shop", "--path", "shop", "--binding", $"http/127.0.0.1:{port}:");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith($"added site \"Shop\" (id 2): http/127.0.0.1:{port}:, files in shop", added.StandardOutput);
        Assert.Contains("version 2: /sites/1: (absent) → ", added.StandardOutput);
        Assert.Equal((200, "<p>shop</p>\n"), await CurlAsync($"http://127.0.0.1:{port}/"));

        var stopped = await host.CliAsync("site", "stop", "shop");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("version 3: /sites/1/state: (absent) → \"stopped\"", stopped.StandardOutput);
        Assert.Equal(503, (await CurlAsync($"http://127.0.0.1:{port}/")).Status);
        Assert.Equal(200, (await CurlAsync(host.BaseUrl + "/")).Status);
        // The state is the configuration's, so it outlives a restart of Wharf.
        Assert.Equal("stopped", (string?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["sites"]![1]!["state"]);

        var again = await host.CliAsync("site", "stop", "SHOP");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is already stopped (version 3); nothing was changed", again.StandardOutput);

        var started = await host.CliAsync("site", "start", "Shop");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Equal((200, "<p>shop</p>\n"), await CurlAsync($"http://127.0.0.1:{port}/"));

        var www = await host.ServicePidAsync();
        var removed = await host.CliAsync("site", "remove", "shop");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.StartsWith("removed site \"Shop\" (id 2)", removed.StandardOutput);
        // A changed set of sockets restarts www overlapped, and the answer comes once the new www
        // serves: the old one may still accept on the removed binding until its drain begins.
        Assert.True(await Signals.WaitForExitAsync(www, TimeSpan.FromSeconds(30)), $"the previous www (pid {www}) did not end");
        Assert.Equal(7, (await CurlRawAsync($"http://127.0.0.1:{port}/")).ExitCode); // curl: couldn't connect
        Assert.Equal(200, (await CurlAsync(host.BaseUrl + "/")).Status);
        Assert.True(Directory.Exists(Path.Combine(host.Root, "shop")));
    }

    [Fact]
    public async Task List_and_show_describe_the_sites_and_their_json_parses()
    {
        await using var host = await WharfHost.StartAsync();
        var port = FreePort.Next();
        Assert.Equal(0, (await host.CliAsync("site", "add", "Shop", "--path", "shop", "--binding", $"http/127.0.0.1:{port}:shop.example")).ExitCode);

        var list = await host.CliAsync("site", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+NAME\s+STATE\s+BINDINGS\s+PHYSICAL PATH$", lines[0]);
        Assert.Matches($@"^1\s+Default Web Site\s+started\s+http/127\.0\.0\.1:{host.HttpPort}:\s+wwwroot$", lines[1]);
        Assert.Matches($@"^2\s+Shop\s+started\s+http/127\.0\.0\.1:{port}:shop\.example\s+shop$", lines[2]);

        var json = JsonNode.Parse((await host.CliAsync("site", "list", "--json")).StandardOutput)!.AsArray();
        Assert.Equal(["Default Web Site", "Shop"], json.Select(s => (string?)s!["name"]));
        Assert.Equal([$"http/127.0.0.1:{port}:shop.example"], json[1]!["bindings"]!.AsArray().Select(b => (string?)b));

        var show = await host.CliAsync("site", "show", "shop");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Matches(@"(?m)^id\s+2$", show.StandardOutput);
        Assert.Matches(@"(?m)^physicalPath\s+shop$", show.StandardOutput);
        Assert.Matches(@"(?m)^applicationPool\s+DefaultAppPool$", show.StandardOutput);
        Assert.Matches(@"(?m)^limits\.maxBandwidth\s+null$", show.StandardOutput);
        Assert.Matches(@"(?m)^logFile\.period\s+daily$", show.StandardOutput);

        var site = JsonNode.Parse((await host.CliAsync("site", "show", "Shop", "--json")).StandardOutput)!;
        Assert.Equal(2, (long?)site["id"]);
        Assert.Equal("shop.example", (string?)site["bindings"]![0]!["hostName"]);
        Assert.Equal("00:02:00", (string?)site["limits"]!["connectionTimeout"]);
    }

    [Fact]
    public async Task Set_changes_the_folder_served_and_a_bad_value_is_refused_naming_the_field()
    {
        await using var host = await WharfHost.StartAsync();
        ConfigStoreTests.MakeFolders(host, "elsewhere");

        var set = await host.CliAsync("site", "set", "default web site", "physicalPath=elsewhere", "limits.maxBandwidth=65536", "logFile.period=Hourly");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.StartsWith("changed site \"Default Web Site\" (id 1): physicalPath, limits.maxBandwidth, logFile.period", set.StandardOutput);
        Assert.Contains("version 2: /sites/0/physicalPath: \"wwwroot\" → \"elsewhere\"", set.StandardOutput);
        Assert.Equal((200, "<p>elsewhere</p>\n"), await CurlAsync(host.BaseUrl + "/"));
        Assert.Matches(@"(?m)^logFile\.period\s+hourly$", (await host.CliAsync("site", "show", "Default Web Site")).StandardOutput);

        var bad = await host.CliAsync("site", "set", "Default Web Site", "limits.maxConnections=lots");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("/sites/0/limits/maxConnections: \"lots\" is not a number or null", bad.StandardError);
        var unknown = await host.CliAsync("site", "set", "Default Web Site", "limits.maxBandwith=1");
        Assert.Equal(64, unknown.ExitCode);
        Assert.Contains("limits has no 'maxBandwith'", unknown.StandardError);
        Assert.Equal("2", await VersionAsync(host));
    }

    [Fact]
    public async Task Binding_add_opens_the_new_port_and_binding_remove_closes_the_old_one()
    {
        await using var host = await WharfHost.StartAsync();
        var port = FreePort.Next();

        var added = await host.CliAsync("site", "binding", "add", "Default Web Site", $"http/127.0.0.1:{port}:");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith($"added binding http/127.0.0.1:{port}: to site \"Default Web Site\" (id 1)", added.StandardOutput);
        Assert.Equal(200, (await CurlAsync($"http://127.0.0.1:{port}/")).Status);

        var removed = await host.CliAsync("site", "binding", "remove", "Default Web Site", $"http/127.0.0.1:{host.HttpPort}");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(200, (await CurlAsync($"http://127.0.0.1:{port}/")).Status);
        Assert.Equal(7, (await CurlRawAsync($"http://127.0.0.1:{host.HttpPort}/")).ExitCode); // curl: couldn't connect
    }

    [Fact]
    public async Task Vdir_add_serves_a_path_from_another_folder_and_remove_takes_it_away()
    {
        await using var host = await WharfHost.StartAsync();
        ConfigStoreTests.MakeFolders(host, "pictures");

        var added = await host.CliAsync("vdir", "add", "Default Web Site/images", "--path", "pictures");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith("added virtual directory /images of site \"Default Web Site\" (id 1), served from pictures", added.StandardOutput);
        Assert.Equal((200, "<p>pictures</p>\n"), await CurlAsync(host.BaseUrl + "/images/index.html"));
        Assert.Matches(@"(?m)^Default Web Site\s+/images\s+pictures\s+/$", (await host.CliAsync("vdir", "list")).StandardOutput);

        var removed = await host.CliAsync("vdir", "remove", "default web site/IMAGES");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(404, (await CurlAsync(host.BaseUrl + "/images/index.html")).Status);
    }

    [Fact]
    public async Task A_binding_another_site_has_is_refused_naming_both_sites_and_nothing_changes()
    {
        await using var host = await WharfHost.StartAsync();
        var before = await VersionAsync(host);

        var duplicate = await host.CliAsync("site", "add", "Copy", "--path", "wwwroot", "--binding", $"http/127.0.0.1:{host.HttpPort}:");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains($"sites \"Default Web Site\" and \"Copy\" both bind http 127.0.0.1:{host.HttpPort}", duplicate.StandardError);
        Assert.Equal(before, await VersionAsync(host));
        Assert.Single(JsonNode.Parse((await host.CliAsync("site", "list", "--json")).StandardOutput)!.AsArray());

        var unknown = await host.CliAsync("site", "stop", "Nowhere");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("there is no site named \"Nowhere\"; the sites are \"Default Web Site\" (`wharf site list`)", unknown.StandardError.Trim());
    }

    [SkippableFact]
    public async Task A_caller_who_may_not_administer_changes_nothing_and_is_told_77()
    {
        Skip.IfNot(Privileges.IsRoot, "only root can run the client as another user (setpriv)");
        await using var host = await WharfHost.StartAsync();
        var before = await VersionAsync(host);

        var notAllowed = await host.CliAsNobodyAsync("site", "stop", "Default Web Site");

        Assert.Equal(77, notAllowed.ExitCode);
        Assert.Equal(before, await VersionAsync(host));
    }

    [Fact]
    public async Task Two_administrators_changing_one_site_at_once_both_keep_their_change()
    {
        await using var host = await WharfHost.StartAsync();

        // Each sends the whole site it read; without If-Match the second would undo the first.
        var both = await Task.WhenAll(
            host.CliAsync("site", "set", "Default Web Site", "directoryBrowsing=true"),
            host.CliAsync("site", "set", "Default Web Site", "limits.maxBandwidth=65536"));

        Assert.All(both, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var site = JsonNode.Parse((await host.CliAsync("site", "show", "Default Web Site", "--json")).StandardOutput)!;
        Assert.Equal((true, 65536L), ((bool)site["directoryBrowsing"]!, (long)site["limits"]!["maxBandwidth"]!));
        Assert.Equal("3", await VersionAsync(host));
    }

    private static async Task<string> VersionAsync(WharfHost host) =>
        (await host.CliAsync("config", "show", "version")).StandardOutput.Trim();

    private static async Task<(int Status, string Body)> CurlAsync(string url)
    {
        var curl = await CurlRawAsync(url);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        var end = curl.StandardOutput.LastIndexOf('\n');
        return (int.Parse(curl.StandardOutput[(end + 1)..]), curl.StandardOutput[..end]);
    }

    private static Task<CommandResult> CurlRawAsync(string url) =>
        CommandResult.RunAsync("curl", ["-sS", "-o", "-", "-w", "\n%{http_code}", url]);
}
