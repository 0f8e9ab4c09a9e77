using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// The admin service killed at each step of a commit, by strace at the step's system call, then
/// restarted by the supervisor's recovery policy: the next admin process finishes the commit
/// (or, cut before its temporary file was whole, drops it), audits what it did, and applies it.
/// </summary>
/// <remarks>
/// The supervisor is stopped (SIGSTOP) for the commit, so that the disk can be read as the kill
/// left it before anything restarts the admin service, and so that no ping's answer is taken
/// for the apply request on the control channel. Versions: 1 at start, 2 sets maxHistoryFiles
/// to 2, and the commit cut short is 3, whose trim deletes history/wharf.1.json.
/// </remarks>
public sealed class CommitKillTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The step, the system calls that carry it out, and the words of the recovered audit line.</summary>
    public static TheoryData<string> Steps => new() { "temporary-write", "rename", "history-copy", "history-trim", "audit-line", "apply" };

    [StraceTheory]
    [MemberData(nameof(Steps))]
    public async Task The_admin_service_killed_at_a_step_of_a_commit_is_followed_by_one_that_finishes_or_drops_it_and_runs_the_result(string step)
    {
        await using var host = WharfHost.Prepare();
        Directory.CreateDirectory(Path.Combine(host.Root, "changed"));
        File.WriteAllText(Path.Combine(host.Root, "changed", "index.html"), "changed\n");
        await host.StartAsync();
        using (var admin = host.Admin())
        {
            var two = await admin.PutAsync("/maxHistoryFiles", 2);
            Assert.True((long?)two.Body?["version"] == 2, two.ToString());
        }
        var adminPid = await host.ServicePidAsync("admin");
        var (syscalls, paths) = Target(host, adminPid, step);

        string trace;
        Signals.Send(host.SupervisorPid!.Value, Signals.SIGSTOP);
        try
        {
            await using var strace = await Strace.AttachAsync(adminPid, paths, syscalls, Path.Combine(host.Root, "strace.out"));
            using var admin = host.Admin();
            var cut = admin.PutAsync("/sites/0/physicalPath", "changed");
            trace = await strace.WaitForKillAsync(Wait);
            await Assert.ThrowsAnyAsync<Exception>(() => cut);
            Assert.True(await Signals.WaitForExitAsync(adminPid, Wait), "the admin service is still alive");
            AssertKilledAt(trace, step, paths);
            AssertDiskAsTheKillLeftIt(host, step);
        }
        finally
        {
            Signals.Send(host.SupervisorPid!.Value, Signals.SIGCONT);
        }

        // Sent while no admin process runs: it waits in run/admin.sock's backlog, and the next
        // process accepts it as soon as it serves, before its reconciliation is done. It must
        // wait for that, not take the number of the commit cut short.
        using var racingAdmin = host.Admin();
        var racing = racingAdmin.PutAsync("/maxHistoryFiles", 3);

        var recovered = await host.Events.WaitForAsync(
            e => EventLogReader.Is(e, "admin", "config-recovered") && ((string?)e["message"] ?? "").Contains(step == "temporary-write" ? "never happened" : "applied at start", StringComparison.Ordinal),
            Wait, "config-recovered from the next admin process");
        var expected = step == "temporary-write" ? 2 : 3;
        var raced = await racing;
        Assert.True((long?)raced.Body?["version"] == expected + 1, raced.ToString());
        var status = await host.StatusAsync();
        Assert.True((long?)status["configVersion"] == expected + 1 && (long?)status["committedVersion"] == expected + 1, $"{recovered.ToJsonString()}\n{status.ToJsonString()}");
        Assert.NotEqual(adminPid, await host.ServicePidAsync("admin"));

        var config = File.ReadAllText(host.ConfigFile);
        Assert.Equal(expected + 1, (long?)JsonNode.Parse(config)!["version"]);
        Assert.Equal(config, File.ReadAllText(HistoryFile(host, expected + 1)));
        Assert.Equal([expected - 1, expected, expected + 1], HistoryVersions(host));
        Assert.Empty(Directory.GetFiles(Path.Combine(host.Root, "config"), "*.tmp*", SearchOption.AllDirectories));

        // Every number, in order, each once: the version cut short (or dropped) and then the racing commit.
        var audit = Audit(host);
        Assert.Equal(Enumerable.Range(1, expected + 1).Select(v => (long)v), audit.Select(a => (long)a["version"]!));
        var cutLine = audit[^2];
        switch (step)
        {
            case "temporary-write":
                Assert.Equal("set", (string?)cutLine["action"]);
                break;
            case "apply":
                // Audited before the kill; what was missing is the apply, which the event says.
                Assert.Equal("set", (string?)cutLine["action"]);
                break;
            default:
                Assert.Equal("recovered", (string?)cutLine["action"]);
                Assert.Contains($"cut short before its {StepWords(step)}", (string?)cutLine["detail"]);
                Assert.Equal(2, (long?)cutLine["previousVersion"]);
                break;
        }

        var served = await Http.GetFreshAsync(host.BaseUrl + "/");
        Assert.Equal(step == "temporary-write" ? "<h1>hello from wharf</h1>\n" : "changed\n", served.Body);

        if (step == "temporary-write")
        {
            // The number the dropped commit held went to the racing commit: none is skipped.
            using var admin = host.Admin();
            var again = await admin.PutAsync("/sites/0/physicalPath", "changed");
            Assert.True((long?)again.Body?["version"] == 4, again.ToString());
            Assert.Equal("changed\n", (await Http.GetFreshAsync(host.BaseUrl + "/")).Body);
        }
    }

    private static (string Syscalls, string[] Paths) Target(WharfHost host, int adminPid, string step)
    {
        var config = Path.Combine(host.Root, "config");
        return step switch
        {
            "temporary-write" => ("write,pwrite64", [Path.Combine(config, "wharf.json.tmp")]),
            "rename" => ("rename,renameat,renameat2", [Path.Combine(config, "wharf.json.tmp")]),
            "history-copy" => ("rename,renameat,renameat2", [HistoryFile(host, 3) + ".tmp"]),
            "history-trim" => ("unlink,unlinkat", [HistoryFile(host, 1)]),
            "audit-line" => ("write,pwrite64", [Path.Combine(host.Root, "logs", "audit.log")]),
            "apply" => ("write,sendto,sendmsg", [ControlSocket(adminPid)]),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
        };
    }

    /// <summary>strace's own account: the step's call was entered, not returned from, and the process died of the signal.</summary>
    private static void AssertKilledAt(string trace, string step, string[] paths)
    {
        var lines = trace.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Any(l => l.Contains("+++ killed by SIGKILL +++", StringComparison.Ordinal)), trace);
        var calls = lines.Where(l => !l.Contains("+++", StringComparison.Ordinal)).ToArray();
        // The first call of the step was entered and never completed: no traced call has a result.
        Assert.True(calls.Length > 0 && calls.All(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"= -?\d")), trace);
        var call = calls[0];
        var expected = step switch
        {
            "temporary-write" or "audit-line" => "write",
            "rename" or "history-copy" => "rename",
            "history-trim" => "unlink",
            _ => "",
        };
        Assert.True(call.Contains(expected, StringComparison.Ordinal), trace);
        Assert.True(call.Contains(step == "apply" ? "config-applied" : paths[0], StringComparison.Ordinal), trace);
    }

    private static void AssertDiskAsTheKillLeftIt(WharfHost host, string step)
    {
        var temp = Path.Combine(host.Root, "config", "wharf.json.tmp");
        var version = (long?)JsonNode.Parse(File.ReadAllText(host.ConfigFile))!["version"];
        var auditVersions = Audit(host).Select(a => (long)a["version"]!).ToArray();
        switch (step)
        {
            case "temporary-write":
                Assert.Equal(0, new FileInfo(temp).Length);
                Assert.Equal(2, version);
                break;
            case "rename":
                Assert.Equal(3, (long?)JsonNode.Parse(File.ReadAllText(temp))!["version"]);
                Assert.Equal(2, version);
                break;
            case "history-copy":
                Assert.Equal(3, version);
                Assert.True(File.Exists(HistoryFile(host, 3) + ".tmp"));
                Assert.False(File.Exists(HistoryFile(host, 3)));
                break;
            case "history-trim":
                Assert.Equal([1, 2, 3], HistoryVersions(host));
                Assert.DoesNotContain(3L, auditVersions);
                break;
            case "audit-line":
                Assert.Equal([2, 3], HistoryVersions(host));
                Assert.DoesNotContain(3L, auditVersions);
                break;
            case "apply":
                Assert.Contains(3L, auditVersions);
                break;
        }
    }

    private static string StepWords(string step) => step switch
    {
        "rename" => "rename of wharf.json.tmp over wharf.json",
        "history-copy" => "history copy",
        "history-trim" => "history trim",
        "audit-line" => "audit line",
        _ => step,
    };

    private static string HistoryFile(WharfHost host, long version) => Path.Combine(host.Root, "config", "history", $"wharf.{version}.json");

    private static long[] HistoryVersions(WharfHost host) =>
        [.. Directory.GetFiles(Path.Combine(host.Root, "config", "history"), "wharf.*.json")
            .Select(f => long.Parse(Path.GetFileName(f).Split('.')[1], System.Globalization.CultureInfo.InvariantCulture)).Order()];

    /// <summary>The commit lines of logs/audit.log (backups aside), oldest first.</summary>
    private static List<JsonNode> Audit(WharfHost host) =>
        [.. File.ReadAllLines(Path.Combine(host.Root, "logs", "audit.log")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)
            .Where(a => (string?)a["action"] is not ("backup" or "delete-backup"))];

    /// <summary>The admin service's end of its control channel, as strace names a socket: <c>socket:[INODE]</c>.</summary>
    private static string ControlSocket(int pid)
    {
        var fd = File.ReadAllText($"/proc/{pid}/environ").Split('\0')
            .Single(v => v.StartsWith("WHARF_CONTROL_FD=", StringComparison.Ordinal))["WHARF_CONTROL_FD=".Length..];
        return new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget!;
    }
}
