using System.Net;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>The configuration store through the real admin service: versions, If-Match, history, backups, audit, durability.</summary>
public sealed class ConfigStoreTests
{
    private const string PhysicalPath = "/sites/0/physicalPath";

    [Fact]
    public async Task A_first_start_on_a_hand_written_file_puts_it_in_history_before_any_service_starts()
    {
        await using var host = await WharfHost.StartAsync();

        Assert.True(File.Exists(Path.Combine(host.Root, "config", "history", "wharf.1.json")));
        var events = host.Events.All();
        var kept = events.Select((e, i) => (e, i)).Single(p => EventLogReader.Is(p.e, "supervisor", "config-recovered")).i;
        var firstStart = events.Select((e, i) => (e, i)).First(p => (string?)p.e["event"] == "started" && (string?)p.e["service"] != "supervisor").i;
        Assert.True(kept < firstStart, string.Join('\n', events.Select(e => e.ToJsonString())));
    }

    [Fact]
    public async Task Two_writers_with_the_same_If_Match_one_wins_the_other_gets_412()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        var read = await admin.GetAsync("api/config");
        var version = read.ETag!.Value;
        MakeFolders(host, "a", "b");

        var answers = await Task.WhenAll(
            admin.PutAsync(PhysicalPath, "a", ifMatch: version),
            admin.PutAsync(PhysicalPath, "b", ifMatch: version));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        var refused = Assert.Single(answers, a => a.Status == HttpStatusCode.PreconditionFailed);
        Assert.Equal(version + 1, (long?)refused.Body!["currentVersion"]);
        Assert.Contains("moved on", (string?)refused.Body!["error"]);
        var winner = (string?)answers.Single(a => a.Status == HttpStatusCode.OK).Body!["changes"]![0]!["new"];
        Assert.Equal(winner, (string?)(await admin.GetAsync($"api/config?path={PhysicalPath}")).Body);
    }

    [Fact]
    public async Task A_change_is_on_disk_in_history_and_in_the_audit_log_when_acknowledged()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        MakeFolders(host, "site2");

        var answer = await admin.PutAsync("sites.Default Web Site.physicalPath", "site2");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var version = (long)answer.Body!["version"]!;
        Assert.True((bool)answer.Body!["ok"]!, answer.ToString());
        Assert.Contains(answer.Body!["applied"]!.AsArray(), a => (string?)a!["service"] == "www" && (string?)a["outcome"] == "applied");
        var onDisk = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        Assert.Equal(version, (long)onDisk["version"]!);
        Assert.Equal("site2", (string?)onDisk["sites"]![0]!["physicalPath"]);
        var kept = JsonNode.Parse(File.ReadAllText(Path.Combine(host.Root, "config", "history", $"wharf.{version}.json")))!;
        Assert.True(JsonNode.DeepEquals(onDisk, kept));

        var audit = File.ReadAllLines(Path.Combine(host.Root, "logs", "audit.log")).Select(l => JsonNode.Parse(l)!).Last();
        Assert.Equal("set", (string?)audit["action"]);
        Assert.Equal("unix:root", (string?)audit["user"]);
        Assert.Equal(0, (int)audit["uid"]!);
        Assert.Equal(version, (long)audit["version"]!);
        Assert.Equal(version - 1, (long?)audit["previousVersion"]);
        Assert.Equal([PhysicalPath], audit["changes"]!.AsArray().Select(c => (string?)c));
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)audit["time"]!) < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task An_invalid_change_is_refused_with_every_error_and_nothing_is_saved()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        var before = File.ReadAllText(host.ConfigFile);

        var answer = await admin.PutAsync("/sites/0/bindings/0/port", 70000);
        var missing = await admin.PutAsync("/sites/7/name", "x");
        var badPath = await admin.GetAsync("api/config?path=sites.No Such Site");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Contains(answer.Body!["errors"]!.AsArray(), e => (string?)e!["path"] == "/sites/0/bindings/0/port");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, badPath.Status);
        Assert.Contains("No Such Site", (string?)badPath.Body!["error"]);
        Assert.Equal(before, File.ReadAllText(host.ConfigFile));
    }

    [Fact]
    public async Task Rollback_and_restore_round_trip_as_new_versions()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        MakeFolders(host, "a", "b", "c");

        var va = (long)(await admin.PutAsync(PhysicalPath, "a")).Body!["version"]!;
        var vb = (long)(await admin.PutAsync(PhysicalPath, "b")).Body!["version"]!;

        var rolledBack = await admin.PostAsync("api/config/rollback", new JsonObject { ["version"] = va });
        Assert.True(rolledBack.Status == HttpStatusCode.OK, rolledBack.ToString());
        Assert.Equal(vb + 1, (long)rolledBack.Body!["version"]!);
        Assert.Equal("a", (string?)(await admin.GetAsync($"api/config?path={PhysicalPath}")).Body);

        var backup = await admin.PostAsync("api/config/backups", new JsonObject { ["name"] = "known-good" });
        Assert.Equal(HttpStatusCode.Created, backup.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("api/config/backups", new JsonObject { ["name"] = "known-good" })).Status);
        await admin.PutAsync(PhysicalPath, "c");

        var restored = await admin.PostAsync("api/config/backups/known-good/restore");
        Assert.True(restored.Status == HttpStatusCode.OK, restored.ToString());
        Assert.Equal("a", (string?)(await admin.GetAsync($"api/config?path={PhysicalPath}")).Body);
        Assert.Equal("known-good", (string?)(await admin.GetAsync("api/config/backups")).Body!.AsArray().Single()!["name"]);

        var history = (await admin.GetAsync("api/config/history")).Body!.AsArray().Select(h => (long)h!["version"]!).ToArray();
        Assert.Equal(history.OrderDescending(), history);
        var diff = await admin.GetAsync($"api/config/diff?from={va}&to={vb}");
        var change = Assert.Single(diff.Body!["changes"]!.AsArray());
        Assert.Equal(PhysicalPath, (string?)change!["path"]);
        Assert.Equal("a", (string?)change["old"]);
        Assert.Equal("b", (string?)change["new"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("api/config/rollback", new JsonObject { ["version"] = 999 })).Status);
    }

    [Fact]
    public async Task Kill_9_of_the_admin_service_during_a_stream_of_saves_loses_no_acknowledged_version()
    {
        await using var host = await WharfHost.StartAsync();
        using var admin = host.Admin();
        // Keep every version, so each acknowledged one can be checked afterwards.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/maxHistoryFiles", 1000)).Status);
        var adminPid = await host.ServicePidAsync("admin");

        var acknowledged = new List<(long Version, string Value)>();
        var unreadable = new List<string>();
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            // The file is replaced by rename: whoever opens it sees one whole version or the other.
            for (var i = 0; i < 100_000 && !stopReading.IsCancellationRequested; i++)
            {
                try { JsonNode.Parse(File.ReadAllText(host.ConfigFile)); }
                catch (Exception e) when (e is System.Text.Json.JsonException) { unreadable.Add(e.Message); }
            }
        });

        // The kill lands while the 21st save is in flight, wherever in the commit it happens to be.
        var twentyAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killer = Task.Run(async () =>
        {
            await twentyAcknowledged.Task;
            Signals.Send(adminPid, Signals.SIGKILL);
        });
        for (var i = 0; i < 60; i++)
        {
            var value = $"page-{i}.html";
            try
            {
                var answer = await admin.PutAsync("/sites/0/defaultDocuments", new JsonArray(value));
                if (answer.Status == HttpStatusCode.OK) acknowledged.Add(((long)answer.Body!["version"]!, value));
            }
            catch (HttpRequestException)
            {
                // Cut by the kill: not acknowledged, so nothing is promised about it.
            }
            if (acknowledged.Count == 20) twentyAcknowledged.TrySetResult();
        }
        await killer;
        await stopReading.CancelAsync();
        await reader;

        Assert.Empty(unreadable);
        Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} of 60 saves were acknowledged:\n{host.Output}");
        Assert.NotEqual(adminPid, await host.ServicePidAsync("admin"));
        foreach (var (version, value) in acknowledged)
        {
            var kept = JsonNode.Parse(File.ReadAllText(Path.Combine(host.Root, "config", "history", $"wharf.{version}.json")))!;
            Assert.Equal(value, (string?)kept["sites"]![0]!["defaultDocuments"]![0]);
        }
        var current = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        Assert.True((long)current["version"]! >= acknowledged.Max(a => a.Version));
    }

    [SkippableFact]
    public async Task An_unauthorised_caller_is_refused_by_the_admin_api_and_the_cli()
    {
        Skip.IfNot(Privileges.IsRoot, "only root can run the clients as another user (setpriv)");
        await using var host = await WharfHost.StartAsync();

        var curl = await CommandResult.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            "curl", "-s", "-w", "\n%{http_code}", "--unix-socket", Path.Combine(host.Root, "run", "admin.sock"), "http://wharf/api/config"]);
        var cli = await host.CliAsNobodyAsync("config", "show");

        Assert.EndsWith("403", curl.StandardOutput.TrimEnd());
        Assert.Contains("access denied", curl.StandardOutput);
        Assert.True(cli.ExitCode == 77, cli.ToString());
        Assert.Contains("wharf-admins", cli.StandardError);
        Assert.Equal(0, (await host.CliAsync("config", "show")).ExitCode);
    }

    internal static void MakeFolders(WharfHost host, params string[] names)
    {
        foreach (var name in names)
        {
            var folder = Path.Combine(host.Root, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "index.html"), $"<p>{name}</p>\n");
        }
    }
}
