using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Metrics;

/// <summary>/api/services, /api/reset with its NDJSON progress, end-now, and the charts' history across a restart of the admin service.</summary>
public sealed class HostApiTests
{
    [Fact]
    public async Task Services_lists_each_service_as_the_supervisor_reports_it()
    {
        await using var host = await WharfHost.StartAsync();

        var answer = await AdminCurl.JsonAsync(host, "/api/services");

        Assert.False((bool)answer["disabled"]!);
        var services = answer["services"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => (string)s["name"]!);
        Assert.Equal(["admin", "www"], services.Keys.Order());
        Assert.Equal("Running", (string?)services["www"]["state"]);
        Assert.Equal(await host.ServicePidAsync(), (int)services["www"]["pid"]!);
        Assert.Equal(await host.ServicePidAsync("admin"), (int)services["admin"]["pid"]!);
        Assert.Equal(0, (int)services["www"]["restarts"]!);
        Assert.True((double)services["www"]["uptimeSeconds"]! >= 0);
    }

    [Fact]
    public async Task A_service_restart_through_the_api_answers_when_done_and_is_audited()
    {
        await using var host = await WharfHost.StartAsync();
        var before = await host.ServicePidAsync();

        var restarted = await AdminCurl.PostAsync(host, "/api/services/www/restart");
        var unknown = await AdminCurl.PostAsync(host, "/api/services/ftp-nope/restart");

        Assert.True(restarted.Status == 200, restarted.ToString());
        var answer = JsonNode.Parse(restarted.Text)!;
        Assert.True((bool)answer["ok"]!, restarted.Text);
        Assert.Equal(0, (int)answer["exitCode"]!);
        Assert.NotEqual(before, await host.ServicePidAsync());
        Assert.Equal(404, unknown.Status);
        var audit = await AdminCurl.JsonAsync(host, "/api/audit?count=5");
        Assert.Contains(audit.AsArray(), e => (string?)e!["action"] == "service-restart" && (string?)e["detail"] == "POST /api/services/www/restart" && (string?)e["user"] == "unix:root");
    }

    [Fact]
    public async Task A_reset_through_the_api_streams_progress_and_ends_in_exit_code_0_while_a_curl_loop_fails_nothing()
    {
        await using var host = await WharfHost.StartAsync();
        var www = await host.ServicePidAsync();
        var codes = Path.Combine(host.Root, "codes.txt");
        var stop = Path.Combine(host.Root, "stop-load");
        using var load = Process.Start("/bin/bash", ["-c",
            $"while [ ! -e {stop} ]; do curl -s -o /dev/null -w '%{{http_code}}\\n' --max-time 30 {host.BaseUrl}/ >> {codes}; done"])!;
        await ResetTests.WaitUntilAsync(() => Task.FromResult(File.Exists(codes) && File.ReadAllLines(codes).Length >= 5), "the curl loop to run");

        var reset = await AdminCurl.PostAsync(host, "/api/reset", """{"action": "restart", "timeoutSeconds": 20}""");
        var during = File.ReadAllLines(codes).Length;
        await ResetTests.WaitUntilAsync(() => Task.FromResult(File.ReadAllLines(codes).Length >= during + 5), "the curl loop to go on after the reset");
        File.WriteAllText(stop, "");
        await load.WaitForExitAsync();

        Assert.True(reset.Status == 200, reset.ToString());
        Assert.Equal("application/x-ndjson", reset.Header("Content-Type"));
        var lines = AdminCurl.Lines(reset);
        Assert.Contains(lines.SkipLast(1), l => (string?)l["kind"] == "progress" && (string?)l["service"] == "www");
        var result = lines[^1];
        Assert.Equal("result", (string?)result["kind"]);
        Assert.True((bool)result["ok"]!, reset.Text);
        Assert.False((bool)result["forced"]!);
        Assert.Equal(0, (int)result["exitCode"]!);
        Assert.Single(lines, l => (string?)l["kind"] == "result");
        Assert.NotEqual(www, await host.ServicePidAsync());
        var statuses = File.ReadAllLines(codes);
        Assert.True(statuses.All(s => s == "200"), $"{statuses.Count(s => s != "200")} of {statuses.Length} requests failed: {string.Join(",", statuses.Where(s => s != "200").Distinct())}");
    }

    [Fact]
    public async Task End_now_forces_a_reset_waiting_for_a_service_that_ignores_its_stop()
    {
        await using var host = await WharfHost.StartAsync();
        Assert.Equal(409, (await AdminCurl.PostAsync(host, "/api/reset/end-now")).Status);
        var stubborn = await host.ServicePidAsync();
        // Stopped by SIGSTOP it reads no stop and never exits.
        Misbehave.Freeze(stubborn);

        var reset = AdminCurl.PostAsync(host, "/api/reset", """{"action": "restart", "timeoutSeconds": 120}""");
        CurlResponse? ended = null;
        await ResetTests.WaitUntilAsync(async () => (ended = await AdminCurl.PostAsync(host, "/api/reset/end-now")).Status == 200,
            "end-now to find the old www draining", TimeSpan.FromSeconds(60));
        var answer = await reset;

        Assert.Contains(stubborn.ToString(), JsonNode.Parse(ended!.Text)!["message"]!.ToString());
        var result = AdminCurl.Lines(answer)[^1];
        Assert.True((bool)result["ok"]!, answer.Text);
        Assert.True((bool)result["forced"]!, answer.Text);
        Assert.Equal(3, (int)result["exitCode"]!);
        Assert.True(await Signals.WaitForExitAsync(stubborn, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Disable_and_enable_are_given_over_the_local_socket_and_a_bad_action_is_400()
    {
        await using var host = await WharfHost.StartAsync();

        var disabled = await AdminCurl.PostAsync(host, "/api/reset", """{"action": "disable"}""");
        var refused = await AdminCurl.PostAsync(host, "/api/reset", """{"action": "restart"}""");
        var enabled = await AdminCurl.PostAsync(host, "/api/reset", """{"action": "enable"}""");
        var bad = await AdminCurl.PostAsync(host, "/api/reset", """{"action": "status"}""");

        Assert.True((bool)AdminCurl.Lines(disabled)[^1]["ok"]!, disabled.Text);
        var refusal = AdminCurl.Lines(refused)[^1];
        Assert.False((bool)refusal["ok"]!);
        Assert.Equal(75, (int)refusal["exitCode"]!);
        Assert.True((bool)AdminCurl.Lines(enabled)[^1]["ok"]!, enabled.Text);
        Assert.Equal(400, bad.Status);
    }

    [Fact]
    public async Task The_last_hour_survives_a_restart_of_the_admin_service()
    {
        await using var host = await WharfHost.StartAsync();
        JsonArray samples = [];
        // A sample every 5 s once the first reading has set the base.
        await ResetTests.WaitUntilAsync(async () =>
        {
            for (var i = 0; i < 3; i++) await Curl.RunAsync(host.BaseUrl + "/");
            samples = (await AdminCurl.JsonAsync(host, "/api/metrics/history?minutes=60"))["samples"]!.AsArray();
            return samples.Count >= 2 && samples.Any(s => (double)s!["requestsPerSecond"]! > 0);
        }, "two samples, one with requests", TimeSpan.FromSeconds(40));
        var before = samples.Select(s => (string)s!["t"]!).ToArray();
        var admin = await host.ServicePidAsync("admin");

        var restart = await host.CliAsync("service", "restart", "admin");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.NotEqual(admin, await host.ServicePidAsync("admin"));

        var after = (await AdminCurl.JsonAsync(host, "/api/metrics/history"))["samples"]!.AsArray().Select(s => (string)s!["t"]!).ToArray();
        Assert.True(before.All(after.Contains), $"before: {string.Join(", ", before)}\nafter: {string.Join(", ", after)}");
        var history = await AdminCurl.JsonAsync(host, "/api/metrics/history?minutes=60");
        Assert.Equal(5, (int)history["intervalSeconds"]!);
        // And the new process goes on adding to it.
        await ResetTests.WaitUntilAsync(async () =>
            (await AdminCurl.JsonAsync(host, "/api/metrics/history"))["samples"]!.AsArray().Count > after.Length, "a sample by the new admin process", TimeSpan.FromSeconds(30));
    }
}
