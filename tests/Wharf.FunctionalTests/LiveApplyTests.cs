using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>A committed change reaches the running services: in place where it can, by an overlapped restart where it must.</summary>
public sealed class LiveApplyTests
{
    private const string PhysicalPath = "/sites/0/physicalPath";

    [Fact]
    public async Task A_physical_path_change_is_served_as_soon_as_it_is_acknowledged_and_drops_no_request()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        ConfigStoreTests.MakeFolders(host, "a", "b");
        var www = await host.ServicePidAsync();
        using var stopLoad = new CancellationTokenSource();
        var load = ResetTests.SequentialRequestsAsync(host.BaseUrl + "/", stopLoad.Token);

        foreach (var folder in new[] { "a", "b", "a", "b" })
        {
            var answer = await admin.PutAsync(PhysicalPath, folder);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            // Acknowledged means applied: the very next request sees it.
            Assert.Equal($"<p>{folder}</p>\n", (await Http.GetFreshAsync(host.BaseUrl + "/")).Body);
        }
        await stopLoad.CancelAsync();
        var (ok, failed) = await load;

        Assert.True(ok > 0);
        Assert.True(failed.Count == 0, $"{failed.Count} requests failed: {string.Join("; ", failed.Take(5))}");
        Assert.Equal(www, await host.ServicePidAsync());
    }

    [Fact]
    public async Task A_change_to_one_site_leaves_a_download_from_another_site_running()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        ConfigStoreTests.MakeFolders(host, "other", "other2");
        var otherPort = FreePort.Next();
        var added = await admin.PutAsync("/sites/-", new JsonObject
        {
            ["id"] = 2,
            ["name"] = "Other",
            ["physicalPath"] = "other",
            ["bindings"] = new JsonArray(new JsonObject { ["protocol"] = "http", ["address"] = "127.0.0.1", ["port"] = otherPort }),
        });
        Assert.True(added.Status == HttpStatusCode.OK, added.ToString());
        Assert.Equal("restarted", Outcome(added, "www"));
        Assert.Equal("<p>other</p>\n", (await Http.GetFreshAsync($"http://127.0.0.1:{otherPort}/")).Body);

        const int Size = 32 * 1024 * 1024;
        await File.WriteAllBytesAsync(Path.Combine(host.Root, "wwwroot", "big.bin"), new byte[Size]);
        using var client = new HttpClient();
        using var response = await client.GetAsync(host.BaseUrl + "/big.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var received = await body.ReadAsync(buffer);

        var changed = await admin.PutAsync("sites.Other.physicalPath", "other2");
        Assert.Equal("applied", Outcome(changed, "www"));
        Assert.Equal("<p>other2</p>\n", (await Http.GetFreshAsync($"http://127.0.0.1:{otherPort}/")).Body);

        int n;
        while ((n = await body.ReadAsync(buffer)) > 0) received += n;
        Assert.Equal(Size, received);

        var removed = await admin.DeleteAsync("sites.Other");
        Assert.True(removed.Status == HttpStatusCode.OK, removed.ToString());
        Assert.Equal("remove", (string?)removed.Body!["changes"]![0]!["op"]);
        Assert.Single((await admin.GetAsync("api/config?path=/sites")).Body!.AsArray());
    }

    [Fact]
    public async Task A_new_listening_address_opens_a_socket_and_restarts_www_overlapped()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();
        var newPort = FreePort.Next();

        var answer = await admin.PutAsync("/sites/0/bindings/0/port", newPort);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("restarted", Outcome(answer, "www"));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetFreshAsync($"http://127.0.0.1:{newPort}/")).Status);
        Assert.NotEqual(www, await host.ServicePidAsync());
        // Nobody needs the old port any more: it is closed, so clients are refused rather than left waiting.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, host.HttpPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task A_hand_edit_is_taken_up_and_a_bad_one_is_reported_while_the_running_configuration_stays()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        ConfigStoreTests.MakeFolders(host, "edited");

        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        document["sites"]![0]!["physicalPath"] = "edited";
        await WriteByRenameAsync(host.ConfigFile, document.ToJsonString());
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "admin", "config-hand-edit"), TimeSpan.FromSeconds(30), "config-hand-edit");
        Assert.Equal("<p>edited</p>\n", (await Http.GetFreshAsync(host.BaseUrl + "/")).Body);
        var adopted = (long)(await admin.GetAsync("api/config")).ETag!;
        Assert.Equal(2, adopted);

        document["sites"]![0]!["bindings"]![0]!["port"] = 70000;
        await File.WriteAllTextAsync(host.ConfigFile, document.ToJsonString());
        var invalid = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "admin", "config-invalid"), TimeSpan.FromSeconds(30), "config-invalid");
        Assert.Contains("/sites/0/bindings/0/port", (string?)invalid["message"]);

        var status = await host.CliAsync("config", "status");
        Assert.Contains("/sites/0/bindings/0/port", status.StandardOutput + status.StandardError);
        Assert.Contains("/sites/0/bindings/0/port", (string?)(await host.StatusAsync())["configNote"]);
        Assert.Equal("<p>edited</p>\n", (await Http.GetFreshAsync(host.BaseUrl + "/")).Body);
        Assert.Equal(adopted, (await admin.GetAsync("api/config")).ETag);
    }

    [Fact]
    public async Task An_invalid_file_at_start_falls_back_to_the_newest_valid_version_loudly()
    {
        var host = WharfHost.Prepare();
        await using (host)
        {
            await host.StartAsync();
            using (var admin = host.Admin())
            {
                ConfigStoreTests.MakeFolders(host, "good");
                Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync(PhysicalPath, "good")).Status);
            }
            Assert.Equal(0, await host.StopAsync());

            await File.WriteAllTextAsync(host.ConfigFile, "{ \"sites\": [ { \"name\": 5 ");
            await host.StartAsync();

            Assert.Contains("running on version 2", host.Output);
            Assert.Equal("<p>good</p>\n", (await Http.GetFreshAsync(host.BaseUrl + "/")).Body);
            await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "config-fallback"), TimeSpan.FromSeconds(30), "config-fallback");
            Assert.Contains("is invalid", (string?)(await host.StatusAsync())["configNote"]);
        }
    }

    [Fact]
    public async Task The_admin_service_crashes_alone_and_comes_back_and_reset_restarts_it_with_the_rest()
    {
        await using var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();
        var admin = await host.ServicePidAsync("admin");

        Signals.Send(admin, Signals.SIGKILL);
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "admin", "crashed", admin), TimeSpan.FromSeconds(30), "admin crashed");
        var back = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "admin", "ready") && (int?)e["pid"] != admin, TimeSpan.FromSeconds(30), "admin ready again");
        using (var api = host.Admin()) Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/config")).Status);
        Assert.Equal(www, await host.ServicePidAsync());

        var reset = await host.CliAsync("reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.NotEqual((int?)back["pid"], await host.ServicePidAsync("admin"));
        Assert.NotEqual(www, await host.ServicePidAsync());
    }

    [Fact]
    public async Task A_change_made_while_a_reset_restarts_the_admin_service_is_answered()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();

        for (var i = 0; i < 5; i++)
        {
            // The old admin process drains while it waits for its own commit to be applied:
            // the apply must not wait for the reset that waits for that drain.
            var reset = host.CliAsync("reset");
            var change = admin.PutAsync("/sites/0/defaultDocuments", new JsonArray($"page-{i}.html"));
            var answer = await change;
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            var result = await reset;
            Assert.True(result.ExitCode == 0, $"{result}\n{host.Output}");
        }
        Assert.Equal("page-4.html", (string?)(await admin.GetAsync("api/config?path=/sites/0/defaultDocuments/0")).Body);
    }

    private static string? Outcome(AdminApi.Answer answer, string service) =>
        (string?)answer.Body!["applied"]!.AsArray().Single(a => (string?)a!["service"] == service)!["outcome"];

    private static async Task WriteByRenameAsync(string path, string text)
    {
        var temporary = path + ".edit";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
