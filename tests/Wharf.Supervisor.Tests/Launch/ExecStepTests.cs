using Wharf.Hosting.Launch;

namespace Wharf.Supervisor.Tests.Launch;

public sealed class ExecStepTests
{
    private const string Full = """
        {
          "program": "/usr/bin/worker",
          "arguments": ["--port", "3"],
          "environment": { "PATH": "/usr/bin", "A": "b" },
          "workingDirectory": "/srv",
          "isolation": "Session",
          "cgroups": ["/sys/fs/cgroup/wharf/pool"],
          "rlimits": [ { "resource": "nofile", "soft": 1024, "hard": 2048 }, { "resource": "core", "soft": 0, "hard": 0 } ],
          "account": { "uid": 990, "gid": 980, "groups": [980] },
          "descriptors": [ { "from": 7, "to": 3 }, { "from": 9, "to": 9 } ],
          "umask": 23
        }
        """;

    [Fact]
    public void Every_step_runs_in_order_before_the_execve_and_root_is_tried_once_the_account_is_dropped()
    {
        var sys = new FakeExecSyscalls();
        var stderr = new StringWriter();

        Assert.Equal(0, ExecStep.Run(Full, sys, stderr));

        Assert.Equal(
        [
            "setsid",
            "cgroup /sys/fs/cgroup/wharf/pool",
            "setrlimit 7 1024 2048",
            "setrlimit 4 0 0",
            "setgroups 980",
            "setgid 980",
            "setuid 990",
            "setuid 0",
            "dupfd 7 10",
            "dup2 10 3",
            "keep 3,9",
            "umask 27",
            "signals",
            "chdir /srv",
            "execve /usr/bin/worker [/usr/bin/worker --port 3] [PATH=/usr/bin A=b]",
        ], sys.Calls);
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void A_spec_with_only_a_program_starts_a_session_keeps_no_descriptors_and_passes_no_environment()
    {
        var sys = new FakeExecSyscalls();

        Assert.Equal(0, ExecStep.Run("""{ "program": "/bin/true" }""", sys, new StringWriter()));

        Assert.Equal(["setsid", "keep ", "signals", "chdir /", "execve /bin/true [/bin/true] []"], sys.Calls);
    }

    [Theory]
    [InlineData("setsid", ExecStepExit.Session, "setsid failed")]
    [InlineData("cgroup", ExecStepExit.Cgroup, "cgroup failed (joining /sys/fs/cgroup/wharf/pool)")]
    [InlineData("setrlimit", ExecStepExit.Limits, "setrlimit failed (nofile 1024/2048)")]
    [InlineData("setgroups", ExecStepExit.Group, "setgroups failed (980)")]
    [InlineData("setgid", ExecStepExit.Group, "setgid failed (980)")]
    [InlineData("setuid 990", ExecStepExit.User, "setuid failed (990)")]
    [InlineData("dupfd", ExecStepExit.Descriptors, "descriptors failed (7 -> a free descriptor above 9)")]
    [InlineData("dup2", ExecStepExit.Descriptors, "descriptors failed (7 (as 10) -> 3)")]
    [InlineData("chdir", ExecStepExit.ChangeDirectory, "chdir failed (/srv)")]
    [InlineData("execve", ExecStepExit.Execute, "execve failed (/usr/bin/worker)")]
    public void A_failing_step_stops_there_with_one_line_naming_it_and_its_errno_and_its_exit_code(string call, int code, string line)
    {
        var sys = new FakeExecSyscalls();
        sys.Failing[call] = 1;
        var stderr = new StringWriter();

        Assert.Equal(code, ExecStep.Run(Full, sys, stderr));

        var written = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wharf exec-step: " + line, written);
        Assert.EndsWith("(errno 1)", written);
        Assert.DoesNotContain(sys.Calls, c => c.StartsWith("execve", StringComparison.Ordinal) && call != "execve");
        Assert.StartsWith(call, sys.Calls[^1]);
    }

    [Fact]
    public void An_account_that_can_become_root_again_is_refused_before_anything_runs()
    {
        var sys = new FakeExecSyscalls { RootComesBack = true };
        var stderr = new StringWriter();

        Assert.Equal(ExecStepExit.User, ExecStep.Run(Full, sys, stderr));

        Assert.Contains("root could be had back", stderr.ToString());
        Assert.Equal("setuid 0", sys.Calls[^1]);
    }

    [Fact]
    public void Ids_left_behind_by_setuid_are_refused()
    {
        var sys = new FakeExecSyscalls { Ids = (990, 990, 0) };
        var stderr = new StringWriter();

        Assert.Equal(ExecStepExit.User, ExecStep.Run(Full, sys, stderr));

        Assert.Contains("the ids are 990/990/0, not 990", stderr.ToString());
    }

    [Fact]
    public void Two_moves_that_swap_descriptors_go_through_scratch_numbers_so_neither_is_lost()
    {
        var sys = new FakeExecSyscalls();

        ExecStep.Run("""{ "program": "/bin/true", "descriptors": [ { "from": 3, "to": 4 }, { "from": 4, "to": 3 } ] }""", sys, new StringWriter());

        Assert.Equal(["dupfd 3 5", "dupfd 4 5", "dup2 5 4", "dup2 6 3", "keep 3,4"],
            sys.Calls.Where(c => c.StartsWith("dup", StringComparison.Ordinal) || c.StartsWith("keep", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("not json", "not valid")]
    [InlineData("""{ "arguments": [] }""", "not valid")]
    [InlineData("""{ "program": "/bin/true", "user": "root" }""", "could not be mapped")]
    [InlineData("""{ "program": "bin/true" }""", "program bin/true is not an absolute path")]
    [InlineData("""{ "program": "/bin/true", "workingDirectory": "srv" }""", "workingDirectory srv is not an absolute path")]
    [InlineData("""{ "program": "/bin/true", "rlimits": [ { "resource": "files", "soft": 1, "hard": 1 } ] }""", "rlimit files is not one this step knows")]
    [InlineData("""{ "program": "/bin/true", "rlimits": [ { "resource": "nofile", "soft": 9, "hard": 1 } ] }""", "soft 9 is above hard 1")]
    [InlineData("""{ "program": "/bin/true", "descriptors": [ { "from": 3, "to": 5 }, { "from": 4, "to": 5 } ] }""", "descriptor 5 is the target of two moves")]
    [InlineData("""{ "program": "/bin/true", "descriptors": [ { "from": 3, "to": 65536 } ] }""", "out of range")]
    [InlineData("""{ "program": "/bin/true", "umask": 512 }""", "umask 512")]
    [InlineData("""{ "program": "/bin/true", "environment": { "A=B": "c" } }""", "environment name")]
    [InlineData("""{ "program": "/bin/true", "isolation": "Jail" }""", "not valid")]
    [InlineData("""{ "program": "/bin/true", "cpuAffinity": [] }""", "names no processor")]
    [InlineData("""{ "program": "/bin/true", "cpuAffinity": [1024] }""", "past 1023")]
    [InlineData("""{ "program": "/bin/true", "cpuAffinity": [-1] }""", "names no processor")]
    public void A_spec_that_is_missing_or_wrong_runs_nothing_and_exits_64_saying_why(string? spec, string why)
    {
        var sys = new FakeExecSyscalls();
        var stderr = new StringWriter();

        Assert.Equal(ExecStepExit.Spec, ExecStep.Run(spec, sys, stderr));

        Assert.Empty(sys.Calls);
        Assert.StartsWith("wharf exec-step: spec failed", stderr.ToString());
        Assert.Contains(why, stderr.ToString());
    }

    [Fact]
    public void Group_isolation_uses_setpgid_and_none_uses_neither()
    {
        var group = new FakeExecSyscalls();
        ExecStep.Run("""{ "program": "/bin/true", "isolation": "Group" }""", group, new StringWriter());
        var none = new FakeExecSyscalls();
        ExecStep.Run("""{ "program": "/bin/true", "isolation": "None" }""", none, new StringWriter());

        Assert.Equal("setpgid", group.Calls[0]);
        Assert.DoesNotContain(none.Calls, c => c is "setsid" or "setpgid");
    }

    [Fact]
    public void LISTEN_PID_is_the_steps_own_pid_set_last_replacing_any_the_spec_held()
    {
        var sys = new FakeExecSyscalls();

        ExecStep.Run("""{ "program": "/bin/app", "environment": { "LISTEN_FDS": "1", "LISTEN_PID": "1" }, "setListenPid": true }""", sys, new StringWriter());

        Assert.Equal("execve /bin/app [/bin/app] [LISTEN_FDS=1 LISTEN_PID=4242]", sys.Calls[^1]);
    }

    [Fact]
    public void Without_the_flag_the_environment_is_passed_as_given() =>
        Assert.Equal(0, ExecStep.Run("""{ "program": "/bin/app", "environment": { "LISTEN_PID": "1" } }""", new FakeExecSyscalls(), new StringWriter()));

    [Fact]
    public void The_affinity_is_set_after_the_limits_and_before_the_account_is_dropped()
    {
        var sys = new FakeExecSyscalls();

        ExecStep.Run("""{ "program": "/bin/app", "rlimits": [ { "resource": "core", "soft": 0, "hard": 0 } ], "cpuAffinity": [0, 2], "account": { "uid": 5, "gid": 5, "groups": [5] } }""", sys, new StringWriter());

        Assert.Equal(["setsid", "setrlimit 4 0 0", "affinity 0,2", "setgroups 5"], sys.Calls.Take(4));
    }

    [Fact]
    public void A_failing_affinity_stops_the_launch_with_its_own_exit_code()
    {
        var sys = new FakeExecSyscalls();
        sys.Failing["affinity"] = 22;
        var stderr = new StringWriter();

        Assert.Equal(ExecStepExit.CpuAffinity, ExecStep.Run("""{ "program": "/bin/app", "cpuAffinity": [63] }""", sys, stderr));

        Assert.StartsWith("wharf exec-step: sched_setaffinity failed (63)", stderr.ToString());
        Assert.DoesNotContain(sys.Calls, c => c.StartsWith("execve", StringComparison.Ordinal));
    }
}
