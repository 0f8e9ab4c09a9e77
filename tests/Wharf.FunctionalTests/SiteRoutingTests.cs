using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>Requests reach the site whose binding matches best, through the real `wharf serve`, with curl.</summary>
public sealed class SiteRoutingTests
{
    private static async Task<(int Status, string Body)> GetAsync(string url, string? hostHeader = null)
    {
        var arguments = new List<string> { "-sS", "-o", "-", "-w", "\n%{http_code}" };
        if (hostHeader is not null) arguments.AddRange(["-H", $"Host: {hostHeader}"]);
        arguments.Add(url);
        var curl = await CommandResult.RunAsync("curl", arguments);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        var last = curl.StandardOutput.LastIndexOf('\n');
        return (int.Parse(curl.StandardOutput[(last + 1)..], System.Globalization.CultureInfo.InvariantCulture), curl.StandardOutput[..last]);
    }

    private static JsonObject Site(long id, string name, params JsonObject[] bindings) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["physicalPath"] = name.ToLowerInvariant(),
        ["bindings"] = new JsonArray(bindings),
    };

    private static JsonObject Http(string address, int port, string hostName = "") => new()
    {
        ["protocol"] = "http", ["address"] = address, ["port"] = port, ["hostName"] = hostName,
    };

    /// <summary>The test host's configuration with these sites added (their folders made, each index.html saying its name), before it starts.</summary>
    private static WharfHost Prepare(params JsonObject[] sites)
    {
        var host = WharfHost.Prepare();
        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        foreach (var site in sites)
        {
            ConfigStoreTests.MakeFolders(host, (string)site["physicalPath"]!);
            document["sites"]!.AsArray().Add(site);
        }
        File.WriteAllText(host.ConfigFile, document.ToJsonString());
        return host;
    }

    [Fact]
    public async Task Two_sites_on_one_port_are_told_apart_by_host_header_and_an_unknown_host_gets_400()
    {
        var port = FreePort.Next();
        await using var host = Prepare(Site(2, "A", Http("127.0.0.1", port, "a.test")), Site(3, "B", Http("127.0.0.1", port, "B.test")));
        await host.StartAsync();
        var url = $"http://127.0.0.1:{port}/";

        Assert.Equal((200, "<p>a</p>"), Trim(await GetAsync(url, "a.test")));
        Assert.Equal((200, "<p>b</p>"), Trim(await GetAsync(url, $"b.TEST:{port}")));
        Assert.Equal(400, (await GetAsync(url, "c.test")).Status);
    }

    [Fact]
    public async Task A_specific_address_binding_beside_a_wildcard_on_the_same_port_gets_that_address_requests()
    {
        var port = FreePort.Next();
        await using var host = Prepare(Site(2, "Wild", Http("*", port)), Site(3, "Two", Http("127.0.0.2", port)));
        await host.StartAsync();

        Assert.Equal((200, "<p>two</p>"), Trim(await GetAsync($"http://127.0.0.2:{port}/")));
        Assert.Equal((200, "<p>wild</p>"), Trim(await GetAsync($"http://127.0.0.1:{port}/")));
        // One socket for the port: the wildcard's, routed by local address.
        var started = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "started"), TimeSpan.FromSeconds(30), "www started");
        Assert.Contains($"www/*:{port}", (string?)started["message"]);
        Assert.DoesNotContain($"www/127.0.0.2:{port}", (string?)started["message"]);
    }

    [Fact]
    public async Task A_stopped_site_answers_503_while_others_serve_and_its_state_is_kept_in_wharf_json()
    {
        var port = FreePort.Next();
        await using var host = Prepare(Site(2, "Other", Http("127.0.0.1", port)));
        await host.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();

        var stopped = await admin.PutAsync("/sites/1/state", "stopped");

        Assert.True(stopped.Status == HttpStatusCode.OK, stopped.ToString());
        Assert.Equal("applied", HttpsTests.Outcome(stopped, "www"));
        Assert.Equal(503, (await GetAsync($"http://127.0.0.1:{port}/")).Status);
        Assert.Equal(200, (await GetAsync(host.BaseUrl + "/")).Status);
        Assert.Equal("stopped", (string?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["sites"]![1]!["state"]);
        Assert.Equal(www, await host.ServicePidAsync());

        var started = await admin.PutAsync("/sites/1/state", "started");
        Assert.True(started.Status == HttpStatusCode.OK, started.ToString());
        Assert.Equal((200, "<p>other</p>"), Trim(await GetAsync($"http://127.0.0.1:{port}/")));
    }

    [Fact]
    public async Task Two_sites_with_the_same_binding_are_refused_with_422_naming_both_and_the_running_configuration_stays()
    {
        await using var host = Prepare();
        await host.StartAsync();
        using var admin = host.Admin();
        ConfigStoreTests.MakeFolders(host, "copy");
        var before = (await admin.GetAsync("api/config")).ETag;

        var answer = await admin.PutAsync("/sites/-", Site(2, "Copy", Http("127.0.0.1", host.HttpPort)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        var text = answer.Body!.ToJsonString();
        Assert.Contains("Default Web Site", text);
        Assert.Contains("Copy", text);
        Assert.Equal(before, (await admin.GetAsync("api/config")).ETag);
        Assert.Equal((200, "<h1>hello from wharf</h1>"), Trim(await GetAsync(host.BaseUrl + "/")));
    }

    private static (int, string) Trim((int Status, string Body) answer) => (answer.Status, answer.Body.Trim());
}
