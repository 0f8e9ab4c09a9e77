using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>HTTPS on the real `wharf serve`, with curl: SNI, ALPN, certificates changed by configuration and on disk.</summary>
public sealed class HttpsTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    /// <summary>Site "A" (wwwroot) and site "B" (folder b) on one https port, told apart by host name; certificates a.pem/a.key and b.pem/b.key.</summary>
    internal static WharfHost PrepareTwoHttpsSites(out int httpsPort, string? wwwServiceJson = null)
    {
        var host = WharfHost.Prepare(wwwServiceJson);
        var port = httpsPort = FreePort.Next();
        ConfigStoreTests.MakeFolders(host, "b");
        WriteCertificate(host, "a", "a.test");
        WriteCertificate(host, "b", "b.test");
        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        document["sites"]![0]!["bindings"]!.AsArray().Add(HttpsBinding(port, "a.test", "a"));
        document["sites"]!.AsArray().Add(new JsonObject
        {
            ["id"] = 2,
            ["name"] = "B",
            ["physicalPath"] = "b",
            ["bindings"] = new JsonArray(HttpsBinding(port, "b.test", "b")),
        });
        File.WriteAllText(host.ConfigFile, document.ToJsonString());
        return host;
    }

    internal static JsonObject HttpsBinding(int port, string hostName, string certificate) => new()
    {
        ["protocol"] = "https",
        ["address"] = "127.0.0.1",
        ["port"] = port,
        ["hostName"] = hostName,
        ["certificateFile"] = $"config/certs/{certificate}.pem",
        ["keyFile"] = $"config/certs/{certificate}.key",
    };

    internal static void WriteCertificate(WharfHost host, string name, string hostName) =>
        TestCertificates.WritePem(TestCertificates.SelfSigned(hostName),
            Path.Combine(host.Root, "config", "certs", name + ".pem"), Path.Combine(host.Root, "config", "certs", name + ".key"));

    [Fact]
    public async Task Two_https_sites_on_one_port_are_told_apart_by_SNI_each_with_its_certificate_over_HTTP_2_and_HTTP_1_1()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        await host.StartAsync();

        var a = await Curl.HttpsAsync("a.test", port);
        var b = await Curl.HttpsAsync("b.test", port);
        var b11 = await Curl.HttpsAsync("b.test", port, http2: false);

        Assert.Equal((200, "2", "CN=a.test", "<h1>hello from wharf</h1>\n"), (a.Status, a.HttpVersion, a.Subject, a.Body));
        Assert.Equal((200, "2", "CN=b.test", "<p>b</p>\n"), (b.Status, b.HttpVersion, b.Subject, b.Body));
        Assert.Equal((200, "1.1", "CN=b.test", "<p>b</p>\n"), (b11.Status, b11.HttpVersion, b11.Subject, b11.Body));
        // The plain http binding of the same site is untouched.
        Assert.Equal(HttpStatusCode.OK, (await Http.GetFreshAsync(host.BaseUrl + "/")).Status);
    }

    [Fact]
    public async Task A_large_file_arrives_intact_over_TLS_with_HTTP_1_1_and_HTTP_2()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        // Text, so curl's output compares as a string; large enough for many TLS records and HTTP/2 frames.
        var content = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i:D8} of a large file\n"));
        File.WriteAllText(Path.Combine(host.Root, "b", "large.txt"), content);
        await host.StartAsync();

        foreach (var http2 in new[] { false, true })
        {
            var answer = await Curl.HttpsAsync("b.test", port, "/large.txt", http2: http2);
            Assert.Equal(200, answer.Status);
            Assert.True(answer.Body == content, $"HTTP/{answer.HttpVersion}: {answer.Body.Length} characters, not the {content.Length} of the file");
        }
    }

    [Fact]
    public async Task A_certificate_replaced_on_disk_is_served_to_new_connections_without_restarting_www()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        await host.StartAsync();
        var www = await host.ServicePidAsync();
        Assert.Equal("CN=a.test", (await Curl.HttpsAsync("a.test", port)).Subject);

        // As an administrator renews it: new files beside the old ones, given the old ones' owner, renamed over them.
        var certs = Path.Combine(host.Root, "config", "certs");
        TestCertificates.WritePem(TestCertificates.SelfSigned("renewed.a.test"), Path.Combine(certs, "new.pem"), Path.Combine(certs, "new.key"));
        foreach (var (from, to) in new[] { ("new.key", "a.key"), ("new.pem", "a.pem") })
        {
            var chown = await CommandResult.RunAsync("chown", ["--reference", Path.Combine(certs, to), Path.Combine(certs, from)]);
            Assert.True(chown.ExitCode == 0, chown.ToString());
            File.Move(Path.Combine(certs, from), Path.Combine(certs, to), overwrite: true);
        }

        var renewed = await Curl.WaitForSubjectAsync("a.test", port, "CN=renewed.a.test", Soon);
        Assert.Equal(200, renewed.Status);
        Assert.Equal("CN=b.test", (await Curl.HttpsAsync("b.test", port)).Subject);
        Assert.Equal(www, await host.ServicePidAsync());
        var reloaded = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "certificate-reloaded"), Soon, "certificate-reloaded");
        Assert.Contains("a.pem", (string?)reloaded["message"]);
    }

    [Fact]
    public async Task A_certificate_changed_through_the_admin_API_is_applied_in_place()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        await host.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();
        WriteCertificate(host, "b2", "second.b.test");

        var answer = await admin.PutAsync("/sites/1/bindings/0", HttpsBinding(port, "b.test", "b2"));

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("applied", Outcome(answer, "www"));
        Assert.Equal("CN=second.b.test", (await Curl.HttpsAsync("b.test", port)).Subject);
        Assert.Equal("CN=a.test", (await Curl.HttpsAsync("a.test", port)).Subject);
        Assert.Equal(www, await host.ServicePidAsync());
    }

    [Fact]
    public async Task A_PFX_with_its_password_in_a_file_serves_its_certificate_and_chain()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        await host.StartAsync();
        using var admin = host.Admin();
        var (leaf, intermediate, _) = TestCertificates.Issued("pfx.b.test");
        var certs = Path.Combine(host.Root, "config", "certs");
        TestCertificates.WritePfx(leaf, Path.Combine(certs, "b.pfx"), "pfx password", intermediate);
        File.WriteAllText(Path.Combine(certs, "b.password"), "pfx password\n");
        var binding = HttpsBinding(port, "b.test", "b");
        binding["certificateFile"] = "config/certs/b.pfx";
        binding["passwordFile"] = "config/certs/b.password";
        binding.Remove("keyFile");

        var answer = await admin.PutAsync("/sites/1/bindings/0", binding);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("applied", Outcome(answer, "www"));
        var served = await Curl.HttpsAsync("b.test", port);
        Assert.Equal("CN=pfx.b.test", served.Subject);
        // The intermediate goes out with the leaf (the client has only the root).
        var chain = await CommandResult.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "b.test", "-showcerts"]);
        Assert.Equal(2, chain.StandardOutput.Split("-----BEGIN CERTIFICATE-----").Length - 1);
        Assert.Contains("CN = Test Intermediate CA", chain.StandardOutput);
    }

    [Fact]
    public async Task A_socket_turned_from_http_to_https_restarts_www_overlapped_and_speaks_TLS()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();
        WriteCertificate(host, "a", "a.test");

        var answer = await admin.PutAsync("/sites/0/bindings/0", HttpsBinding(host.HttpPort, "", "a"));

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("restarted", Outcome(answer, "www"));
        var served = await Curl.HttpsAsync("a.test", host.HttpPort);
        Assert.Equal((200, "2", "CN=a.test"), (served.Status, served.HttpVersion, served.Subject));
        Assert.NotEqual(www, await host.ServicePidAsync());
    }

    [Fact]
    public async Task A_bad_certificate_file_in_a_change_fails_the_apply_naming_the_file_and_the_old_certificate_keeps_serving()
    {
        await using var host = PrepareTwoHttpsSites(out var port);
        await host.StartAsync();
        using var admin = host.Admin();
        File.WriteAllText(Path.Combine(host.Root, "config", "certs", "broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var missing = await admin.PutAsync("/sites/1/bindings/0", HttpsBinding(port, "b.test", "nowhere"));
        var broken = await admin.PutAsync("/sites/1/bindings/0/certificateFile", "config/certs/broken.pem");

        foreach (var (answer, file) in new[] { (missing, "config/certs/nowhere.pem"), (broken, "config/certs/broken.pem") })
        {
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.False((bool)answer.Body!["ok"]!, answer.ToString());
            Assert.Equal("failed", Outcome(answer, "www"));
            var message = Message(answer, "www");
            Assert.Contains(Path.Combine(host.Root, file), message);
            Assert.Contains("site \"B\" binding https 127.0.0.1:" + port, message);
        }
        Assert.Equal("CN=b.test", (await Curl.HttpsAsync("b.test", port)).Subject);
        Assert.Equal("<p>b</p>\n", (await Curl.HttpsAsync("b.test", port)).Body);
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_at_start_fails_www_with_the_file_named_in_the_event_log()
    {
        await using var host = PrepareTwoHttpsSites(out _);
        File.Delete(Path.Combine(host.Root, "config", "certs", "b.pem"));
        await host.StartAsync();

        var failed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "start-failed") && ((string?)e["message"] ?? "").Contains("b.pem"), Soon, "www start-failed");

        Assert.Contains($"certificate file {Path.Combine(host.Root, "config", "certs", "b.pem")} does not exist", (string?)failed["message"]);
        Assert.Contains("site \"B\"", (string?)failed["message"]);
        Assert.NotEqual("Running", (string?)(await host.ServiceStatusAsync())["state"]);
        // The supervisor's own account of the failure (and so `wharf reset /status`) gives the reason too.
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "restarting")
            && ((string?)e["message"] ?? "").Contains("could not start") && ((string?)e["message"] ?? "").Contains("b.pem"), Soon, "www restarting, with the reason");
    }

    [Fact]
    public async Task Www_running_as_another_account_than_admin_reads_the_keys_it_owns_in_config_certs()
    {
        // daemon (uid 1) for www, nobody for admin: the keys are given to www's account only.
        await using var host = PrepareTwoHttpsSites(out var port, """{ "enabled": true, "user": "daemon" }""");
        await host.StartAsync();

        Assert.Equal("CN=a.test", (await Curl.HttpsAsync("a.test", port)).Subject);
        var key = Path.Combine(host.Root, "config", "certs", "a.key");
        var owner = await CommandResult.RunAsync("stat", ["-c", "%U %a", key, Path.GetDirectoryName(key)!, host.ConfigFile]);
        var lines = owner.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("daemon ", lines[0]);
        Assert.StartsWith("daemon ", lines[1]);
        Assert.DoesNotContain("daemon", lines[2]);
    }

    internal static string? Outcome(AdminApi.Answer answer, string service) =>
        (string?)Applied(answer, service)["outcome"];

    private static string Message(AdminApi.Answer answer, string service) =>
        (string?)Applied(answer, service)["message"] ?? "";

    private static JsonNode Applied(AdminApi.Answer answer, string service) =>
        answer.Body!["applied"]!.AsArray().Single(a => (string?)a!["service"] == service)!;
}

// Uses the real default ports (8080, 8443); in the collection that keeps those tests apart.
[Collection("default port")]
public sealed class DefaultHttpsTests
{
    [Fact]
    public async Task The_default_configuration_serves_the_welcome_page_on_https_8443_over_HTTP_2_with_the_certificate_made_at_first_start()
    {
        await using var host = WharfHost.PrepareEmpty(defaultPort: 8080);
        await host.StartAsync();

        var h2 = await Curl.HttpsAsync("127.0.0.1", 8443);
        var h11 = await Curl.HttpsAsync("127.0.0.1", 8443, http2: false);

        Assert.Equal((200, "2", "CN=localhost"), (h2.Status, h2.HttpVersion, h2.Subject));
        Assert.Contains("Default Web Site", h2.Body);
        Assert.Equal((200, "1.1"), (h11.Status, h11.HttpVersion));
        // The key is for www's eyes only.
        var mode = await CommandResult.RunAsync("stat", ["-c", "%a", Path.Combine(host.Root, "config", "certs", "localhost.key"), Path.Combine(host.Root, "config", "certs")]);
        Assert.Equal("600\n700\n", mode.StandardOutput);
    }
}
