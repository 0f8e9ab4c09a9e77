using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

// As root, as CI runs them: a root supervisor is what gives each service its own account.
public sealed class PrivilegeSeparationTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Www_and_admin_run_as_accounts_of_their_own_neither_root_nor_nobody()
    {
        Skip.IfNot(Privileges.IsRoot, "this test needs a root supervisor, as CI runs it");
        await using var host = await WharfHost.StartAsync();

        var www = ServiceAccount.Of(await host.ServicePidAsync("www"));
        var admin = ServiceAccount.Of(await host.ServicePidAsync("admin"));

        Assert.Equal(("wharf-www", "wharf-admin"), (await www.NameAsync(), await admin.NameAsync()));
        Assert.NotEqual(www.Uid, admin.Uid);
        Assert.NotEqual(www.Gid, admin.Gid);
        foreach (var pid in new[] { await host.ServicePidAsync("www"), await host.ServicePidAsync("admin") })
            Assert.All(ServiceAccount.AllUids(pid), uid => Assert.True(uid is not (0 or 65534), $"pid {pid} has uid {uid}"));
        var started = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "started"), Soon, "started");
        Assert.Contains("as user wharf-www", (string?)started["message"]);
    }

    [Fact]
    public async Task Each_service_leads_its_own_session_as_the_launch_step_made_it()
    {
        await using var host = await WharfHost.StartAsync();
        var pid = await host.ServicePidAsync("www");

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // state ppid pgrp session
        Assert.Equal((pid.ToString(), pid.ToString()), (fields[2], fields[3]));
        Assert.Equal(host.SupervisorPid.ToString(), fields[1]);
    }

    [Fact]
    public async Task Www_cannot_read_the_store_or_the_admin_services_view_but_reads_its_own()
    {
        await using var host = await WharfHost.StartAsync();
        var www = ServiceAccount.Of(await host.ServicePidAsync("www"));
        var views = Path.Combine(host.Root, "run", "views");

        var store = await www.ShellAsync("cat \"$1\"", host.ConfigFile);
        var listing = await www.ShellAsync("ls \"$1\"", Path.Combine(host.Root, "config"));
        var adminView = await www.ShellAsync("cat \"$1\"/*.json", Path.Combine(views, "admin"));
        var history = await www.ShellAsync("cat \"$1\"", Path.Combine(host.Root, "config", "history", "wharf.1.json"));
        var snapshot = await www.ShellAsync("cat \"$1\"", Path.Combine(host.Root, "run", "wharf.running.json"));
        var own = await www.ShellAsync("cat \"$1\"", Path.Combine(views, "www", "wharf.1.json"));

        Assert.All([store, listing, adminView, history, snapshot], r => Assert.True(r.ExitCode != 0 && r.StandardError.Contains("Permission denied"), r.ToString()));
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Contains("\"sites\"", own.StandardOutput);
    }

    [Fact]
    public async Task Services_cannot_signal_each_other()
    {
        await using var host = await WharfHost.StartAsync();
        var wwwPid = await host.ServicePidAsync("www");
        var adminPid = await host.ServicePidAsync("admin");

        var fromWww = await ServiceAccount.Of(wwwPid).ShellAsync("kill -0 \"$1\"", adminPid.ToString());
        var fromAdmin = await ServiceAccount.Of(adminPid).ShellAsync("kill -0 \"$1\"", wwwPid.ToString());

        Assert.True(fromWww.ExitCode != 0 && fromWww.StandardError.Contains("Operation not permitted"), fromWww.ToString());
        Assert.True(fromAdmin.ExitCode != 0 && fromAdmin.StandardError.Contains("Operation not permitted"), fromAdmin.ToString());
    }

    /// <summary>
    /// The attack of issue 9: with www's account, set a recovery program in wharf.json, then kill
    /// www so that the supervisor runs it. Before privilege separation the edit went through
    /// (both services and config/ were nobody's) and the program ran as uid 0.
    /// </summary>
    [SkippableFact]
    public async Task An_attacker_holding_wwws_account_cannot_change_the_configuration_forge_the_audit_log_or_get_a_program_run_as_root()
    {
        Skip.IfNot(Privileges.IsRoot, "this test needs a root supervisor, as CI runs it");
        var marker = Path.Combine(Path.GetTempPath(), $"wh-attack-{Guid.NewGuid():N}");
        await using var host = await WharfHost.StartAsync();
        try
        {
            var wwwPid = await host.ServicePidAsync("www");
            var www = ServiceAccount.Of(wwwPid);
            var before = File.ReadAllText(host.ConfigFile);
            var edited = JsonNode.Parse(before)!;
            edited["services"]!["www"]!["recovery"] = JsonNode.Parse($$"""{ "firstFailure": "run", "program": "id -u > {{marker}}" }""");

            var edit = await www.ShellAsync("printf '%s' \"$1\" > \"$2\"", edited.ToJsonString(), host.ConfigFile);
            var beside = await www.ShellAsync("printf '%s' \"$1\" > \"$2\"", edited.ToJsonString(), host.ConfigFile + ".new");
            var audit = await www.ShellAsync("echo forged >> \"$1\"", Path.Combine(host.Root, "logs", "audit.log"));
            var signal = await www.ShellAsync("kill -TERM \"$1\"", (await host.ServicePidAsync("admin")).ToString());
            var kill = await www.ShellAsync("kill -KILL \"$1\"", wwwPid.ToString());

            Assert.All([edit, beside, audit], r => Assert.True(r.ExitCode != 0 && r.StandardError.Contains("Permission denied"), r.ToString()));
            Assert.True(signal.ExitCode != 0 && signal.StandardError.Contains("Operation not permitted"), signal.ToString());
            Assert.Equal(before, File.ReadAllText(host.ConfigFile));
            Assert.DoesNotContain("forged", File.ReadAllText(Path.Combine(host.Root, "logs", "audit.log")));
            // www may end itself (its own uid); what follows is the configuration's recovery, which the attacker did not change.
            Assert.True(kill.ExitCode == 0, kill.ToString());
            await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "ready") && (int?)e["pid"] != wwwPid, Soon, "www ready again");
            Assert.DoesNotContain(host.Events.All(), e => ((string?)e["event"] ?? "").StartsWith("recovery-program", StringComparison.Ordinal));
            Assert.True(!File.Exists(marker) || File.ReadAllText(marker).Trim() != "0", "a program ran as uid 0");
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_data_root_only_root_can_enter_is_opened_for_the_services_which_still_run_unprivileged()
    {
        var host = WharfHost.Prepare();
        await using var _ = host;
        File.SetUnixFileMode(host.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await host.StartAsync();

        var (status, _) = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.NotEqual(0u, ServiceAccount.Of(await host.ServicePidAsync("www")).Uid);
        Assert.True(File.GetUnixFileMode(host.Root).HasFlag(UnixFileMode.OtherExecute));
        Assert.False(File.GetUnixFileMode(host.Root).HasFlag(UnixFileMode.OtherRead));
        Assert.DoesNotContain(host.Events.All(), e => (string?)e["event"] == "warning");
    }

    [Fact]
    public async Task A_named_account_that_does_not_exist_fails_the_start_saying_how_to_create_it()
    {
        var host = WharfHost.Prepare("""{ "user": "wharf-no-such-user" }""");
        await using var _ = host;

        await host.StartAsync();

        var failed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "start-failed"), Soon, "start-failed");
        Assert.Contains("\"wharf-no-such-user\" named in services.www.user does not exist", (string?)failed["message"]);
        Assert.Contains("useradd --system", (string?)failed["message"]);
        Assert.NotEqual("Running", (string?)(await host.ServiceStatusAsync())["state"]);
    }
}
