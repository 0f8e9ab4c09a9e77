using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>Each site's W3C extended log, written by the real `wharf serve` and read back by its #Fields.</summary>
public sealed class W3cLogTests
{
    private static readonly string[] IisDefaultFields =
    [
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip",
        "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken",
    ];

    [Fact]
    public async Task Requests_are_logged_with_IIS_s_header_and_default_fields_in_a_daily_utc_file()
    {
        await using var host = WharfHost.Prepare();
        await host.StartAsync();
        var before = DateTime.UtcNow;

        Assert.Equal(200, await SiteSetup.CurlStatusAsync("-A", "Mozilla/5.0 (X11; Linux) wharf test", "-e", "http://ref.example/from here",
            $"{host.BaseUrl}/index.html?x=1&y=2"));
        Assert.Equal(404, await SiteSetup.CurlStatusAsync("-A", "probe", $"{host.BaseUrl}/missing.txt"));
        Assert.Equal(200, await SiteSetup.CurlStatusAsync("-I", $"{host.BaseUrl}/"));
        Assert.Equal(0, await host.StopAsync());
        var after = DateTime.UtcNow;

        var log = W3cLogReader.ReadSite(host.Root, 1);
        // Daily, UTC: today's file (and yesterday's too if the test ran over midnight).
        var names = new[] { before, after }.Select(d => $"u_ex{d:yyMMdd}.log").Distinct().ToArray();
        Assert.True(log.Files.All(f => names.Contains(Path.GetFileName(f))), log.ToString());
        Assert.Empty(log.Malformed);
        Assert.StartsWith("#Software: Wharf ", log.Directives[0]);
        Assert.Equal("#Version: 1.0", log.Directives[1]);
        Assert.Matches(@"^#Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", log.Directives[2]);
        Assert.Equal("#Fields: " + string.Join(' ', IisDefaultFields), log.Directives[3]);
        Assert.Equal(3, log.Entries.Count);

        // An entry is written once the handler returns, which can trail the client seeing the
        // whole body; so the next request may be logged first. Match entries by their path.
        var page = log.Entries.Single(e => e["cs-uri-stem"] == "/index.html");
        Assert.Equal("GET", page["cs-method"]);
        Assert.Equal("/index.html", page["cs-uri-stem"]);
        Assert.Equal("x=1&y=2", page["cs-uri-query"]);
        Assert.Equal("200", page["sc-status"]);
        Assert.Equal("0", page["sc-substatus"]);
        Assert.Equal("0", page["sc-win32-status"]);
        Assert.Equal("Mozilla/5.0+(X11;+Linux)+wharf+test", page["cs(User-Agent)"]);
        Assert.Equal("http://ref.example/from+here", page["cs(Referer)"]);
        Assert.Equal("-", page["cs-username"]);
        Assert.Equal("127.0.0.1", page["c-ip"]);
        Assert.Equal("127.0.0.1", page["s-ip"]);
        Assert.Equal(host.HttpPort.ToString(CultureInfo.InvariantCulture), page["s-port"]);
        Assert.True(long.TryParse(page["time-taken"], out var taken) && taken >= 0, page["time-taken"]);
        var when = DateTime.ParseExact(page["date"] + " " + page["time"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange(when, before.AddSeconds(-1), after.AddSeconds(1));

        var missing = log.Entries.Single(e => e["cs-uri-stem"] == "/missing.txt");
        Assert.Equal(("/missing.txt", "-", "404", "0", "probe", "-"),
            (missing["cs-uri-stem"], missing["cs-uri-query"], missing["sc-status"], missing["sc-substatus"], missing["cs(User-Agent)"], missing["cs(Referer)"]));
        var head = log.Entries.Single(e => e["cs-method"] == "HEAD");
        Assert.Equal(("HEAD", "/", "200"), (head["cs-method"], head["cs-uri-stem"], head["sc-status"]));
    }

    [Fact]
    public async Task A_configured_field_list_is_written_in_its_order()
    {
        string[] fields = ["time", "cs-method", "cs-uri-stem", "sc-status", "sc-bytes", "cs-bytes", "cs-version", "cs-host", "s-sitename", "cs(Cookie)"];
        await using var host = SiteSetup.Prepare(site => site["logFile"] = new JsonObject { ["fields"] = new JsonArray([.. fields.Select(f => JsonValue.Create(f))]) });
        await host.StartAsync();

        Assert.Equal(200, await SiteSetup.CurlStatusAsync("-H", "Cookie: a=1; b=2", $"{host.BaseUrl}/index.html"));
        Assert.Equal(0, await host.StopAsync());

        var log = W3cLogReader.ReadSite(host.Root, 1);
        Assert.Equal("#Fields: " + string.Join(' ', fields), log.Directives[3]);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(fields, entry.Fields.Keys);
        Assert.Equal(("GET", "/index.html", "200", "HTTP/1.1", $"127.0.0.1:{host.HttpPort}", "W3SVC1", "a=1;+b=2"),
            (entry["cs-method"], entry["cs-uri-stem"], entry["sc-status"], entry["cs-version"], entry["cs-host"], entry["s-sitename"], entry["cs(Cookie)"]));
        var body = new FileInfo(Path.Combine(host.Root, "wwwroot", "index.html")).Length;
        // The body and at least a status line and Content-Length.
        Assert.InRange(long.Parse(entry["sc-bytes"], CultureInfo.InvariantCulture), body + 30, body + 2000);
        Assert.InRange(long.Parse(entry["cs-bytes"], CultureInfo.InvariantCulture), 40, 2000);
    }

    [Fact]
    public async Task A_changed_field_list_is_applied_in_place_and_starts_a_new_header_block()
    {
        await using var host = WharfHost.Prepare();
        await host.StartAsync();
        using var admin = host.Admin();
        var www = await host.ServicePidAsync();
        Assert.Equal(200, await SiteSetup.CurlStatusAsync($"{host.BaseUrl}/index.html?v=1"));

        var answer = await admin.PutAsync("/sites/0/logFile", new JsonObject { ["fields"] = new JsonArray("cs-uri-stem", "cs-uri-query", "sc-status") });
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("applied", (string?)answer.Body!["applied"]!.AsArray().Single(a => (string?)a!["service"] == "www")!["outcome"]);
        Assert.Equal(200, await SiteSetup.CurlStatusAsync($"{host.BaseUrl}/index.html?v=2"));
        Assert.Equal(www, await host.ServicePidAsync());
        Assert.Equal(0, await host.StopAsync());

        var log = W3cLogReader.ReadSite(host.Root, 1);
        Assert.Empty(log.Malformed);
        Assert.Equal(["#Fields: " + string.Join(' ', IisDefaultFields), "#Fields: cs-uri-stem cs-uri-query sc-status"],
            log.Directives.Where(d => d.StartsWith("#Fields: ", StringComparison.Ordinal)));
        Assert.Equal(IisDefaultFields, log.Entries[0].Fields.Keys);
        Assert.Equal("v=1", log.Entries[0]["cs-uri-query"]);
        Assert.Equal(["cs-uri-stem", "cs-uri-query", "sc-status"], log.Entries[^1].Fields.Keys);
        Assert.Equal("v=2", log.Entries[^1]["cs-uri-query"]);
    }

    [Fact]
    public async Task A_reset_under_load_loses_no_line_and_each_process_writes_its_own_header()
    {
        await using var host = WharfHost.Prepare();
        await host.StartAsync();
        var www = await host.ServicePidAsync();
        using var stopLoad = new CancellationTokenSource();
        var load = NumberedRequestsAsync(host.BaseUrl + "/index.html", stopLoad.Token);

        var reset = await host.CliAsync("reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.NotEqual(www, await host.ServicePidAsync());
        // The old process has exited by the time the reset answers: these go to the new one.
        for (var n = 0; n < 3; n++) Assert.Equal(HttpStatusCode.OK, (await Http.GetFreshAsync($"{host.BaseUrl}/index.html?after={n}")).Status);
        await stopLoad.CancelAsync();
        var (ok, failed) = await load;
        Assert.True(failed.Count == 0, string.Join("; ", failed.Take(5)));
        // A graceful stop right after the last answers: their lines must be written too.
        Assert.Equal(0, await host.StopAsync());

        var log = W3cLogReader.ReadSite(host.Root, 1);
        Assert.Empty(log.Malformed);
        var logged = log.Entries.Where(e => e["cs-uri-stem"] == "/index.html").Select(e => e["cs-uri-query"]).ToHashSet();
        var lost = ok.Where(n => !logged.Contains("n=" + n)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {ok.Count} answered requests are not in the log (first: {string.Join(", ", lost.Take(5))})\n{log}");
        Assert.Equal(3, log.Entries.Count(e => e["cs-uri-query"].StartsWith("after=", StringComparison.Ordinal)));
        Assert.True(log.Directives.Count(d => d.StartsWith("#Fields: ", StringComparison.Ordinal)) >= 2, log.ToString());
    }

    [Fact]
    public async Task A_log_folder_that_cannot_be_written_is_reported_and_the_site_still_serves()
    {
        await using var host = SiteSetup.Prepare(site => site["logFile"] = new JsonObject { ["directory"] = "blocked/logs" });
        File.WriteAllText(Path.Combine(host.Root, "blocked"), "a file where the log folder would be");
        await host.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await Http.GetFreshAsync(host.BaseUrl + "/")).Status);

        var failed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "log-failed"), TimeSpan.FromSeconds(30), "log-failed");
        Assert.Contains("W3SVC1", (string?)failed["message"] ?? failed.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetFreshAsync(host.BaseUrl + "/")).Status);
    }

    /// <summary>Sequential GETs, each on a new connection, numbered in the query; returns the numbers answered 200.</summary>
    private static async Task<(List<int> Ok, List<string> Failed)> NumberedRequestsAsync(string url, CancellationToken stop)
    {
        var ok = new List<int>();
        var failed = new List<string>();
        for (var n = 0; n < 20_000 && !stop.IsCancellationRequested; n++)
        {
            try
            {
                var (status, _) = await Http.GetFreshAsync($"{url}?n={n}", TimeSpan.FromSeconds(30));
                if (status == HttpStatusCode.OK) ok.Add(n);
                else failed.Add($"{n}: {status}");
            }
            catch (HttpRequestException e)
            {
                failed.Add($"{n}: {e.Message}");
            }
        }
        return (ok, failed);
    }
}
