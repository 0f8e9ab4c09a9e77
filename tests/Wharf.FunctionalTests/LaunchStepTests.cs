using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>`wharf exec-step` for real: what the program it becomes finds itself with.</summary>
public sealed class LaunchStepTests
{
    // A parent as the supervisor is one: it leaves descriptor 7 (meant for the program, to go to
    // 3) and 8 (not meant for it) inheritable, then execs the step with the spec.
    private const string Parent = """
        import os, sys
        r7 = os.open("/dev/null", os.O_RDONLY); os.dup2(r7, 7); os.set_inheritable(7, True)
        r8 = os.open("/dev/null", os.O_RDONLY); os.dup2(r8, 8); os.set_inheritable(8, True)
        os.environ.clear(); os.environ["WHARF_LAUNCH_SPEC"] = sys.argv[2]
        os.execv(sys.argv[1], [sys.argv[1], "exec-step"])
        """;

    private const string Report = """
        echo "ids $(id -u) $(id -g) $(id -G)"
        echo "session $(ps -o sid= -p $$ | tr -d ' ') $(ps -o pgid= -p $$ | tr -d ' ') $$"
        echo "nofile $(ulimit -Sn) $(ulimit -Hn)"
        echo "core $(ulimit -Sc)"
        echo "fds $(ls /proc/$$/fd | sort -n | tr '\n' ' ')"
        echo "env $(env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | sort | tr '\n' ' ')"
        echo "cwd $(pwd)"
        echo "umask $(umask)"
        echo "cgroup $(grep -E ':pids:' /proc/$$/cgroup)"
        """;

    private static async Task<(CommandResult Result, Dictionary<string, string> Facts)> LaunchAsync(JsonObject spec)
    {
        var result = await CommandResult.RunAsync("python3", ["-c", Parent, WharfPaths.Executable, spec.ToJsonString()]);
        var facts = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1].Trim() : "");
        return (result, facts);
    }

    private static JsonObject Spec(string? cgroup = null) => new()
    {
        ["program"] = "/bin/sh",
        ["arguments"] = new JsonArray("-c", Report),
        ["environment"] = new JsonObject { ["PATH"] = "/usr/bin:/bin", ["ONLY"] = "this" },
        ["workingDirectory"] = "/tmp",
        ["rlimits"] = new JsonArray(
            new JsonObject { ["resource"] = "nofile", ["soft"] = 123, ["hard"] = 456 },
            new JsonObject { ["resource"] = "core", ["soft"] = 0, ["hard"] = 0 }),
        ["account"] = new JsonObject { ["uid"] = 1, ["gid"] = 1, ["groups"] = new JsonArray(1) },
        ["descriptors"] = new JsonArray(new JsonObject { ["from"] = 7, ["to"] = 3 }),
        ["umask"] = 23,
        ["cgroups"] = cgroup is null ? new JsonArray() : new JsonArray(cgroup),
    };

    [SkippableFact]
    public async Task The_program_runs_as_the_account_in_its_own_session_with_the_limits_descriptors_environment_and_folder_given()
    {
        Skip.IfNot(Privileges.IsRoot, "dropping to another account needs root, as CI runs the tests");

        var (result, facts) = await LaunchAsync(Spec());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1 1 1", facts["ids"]);
        var session = facts["session"].Split(' ');
        Assert.True(session.Distinct().Count() == 1, $"sid, pgid and pid should be one: {facts["session"]}");
        Assert.Equal("123 456", facts["nofile"]);
        Assert.Equal("0", facts["core"]);
        // 0-2, 3 moved from 7, and the descriptor ls opens to list; never 7 or 8.
        Assert.Equal(["0", "1", "2", "3"], facts["fds"].Split(' ').Take(4));
        Assert.DoesNotContain("7", facts["fds"].Split(' '));
        Assert.DoesNotContain("8", facts["fds"].Split(' '));
        Assert.Equal("ONLY=this PATH=/usr/bin:/bin", facts["env"]);
        Assert.Equal("/tmp", facts["cwd"]);
        Assert.Equal("0027", facts["umask"]);
    }

    [SkippableFact]
    public async Task The_program_starts_in_the_cgroup_given_or_the_step_refuses_with_219_where_the_machine_has_none()
    {
        Skip.IfNot(Privileges.IsRoot, "creating a cgroup needs root, as CI runs the tests");
        var hierarchy = "/sys/fs/cgroup/pids";
        var cgroup = Path.Combine(hierarchy, $"wharf-test-{Guid.NewGuid():N}");
        var canCreate = Directory.Exists(hierarchy) && File.Exists(Path.Combine(hierarchy, "cgroup.procs"));
        if (canCreate) Directory.CreateDirectory(cgroup);
        try
        {
            var (result, facts) = await LaunchAsync(Spec(cgroup));

            if (canCreate)
            {
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.EndsWith(":pids:/" + Path.GetFileName(cgroup), facts["cgroup"]);
            }
            else
            {
                Assert.Equal(219, result.ExitCode);
                Assert.Contains("wharf exec-step: cgroup failed", result.StandardError);
            }
        }
        finally
        {
            if (canCreate) Directory.Delete(cgroup);
        }
    }

    [Fact]
    public async Task A_program_that_cannot_be_executed_is_one_line_naming_the_step_and_exit_203()
    {
        var spec = Spec();
        spec["program"] = "/nonexistent/program";

        var (result, _) = await LaunchAsync(spec);

        Assert.Equal(203, result.ExitCode);
        Assert.Equal("wharf exec-step: execve failed (/nonexistent/program): No such file or directory (errno 2)", result.StandardError.Trim());
    }
}
