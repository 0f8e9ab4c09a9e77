using Wharf.Config.Model;
using Wharf.Hosting.Launch;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class WorkerLaunchSpecTests
{
    private static AppPoolConfig Pool(string command = "/usr/bin/app", string? folder = null, int files = 4096) => new()
    {
        Name = "Shop",
        Program = new WorkerProgramConfig { Command = command, Arguments = ["--urls", "x"], WorkingDirectory = folder, OpenFilesLimit = files },
    };

    private static readonly Dictionary<string, string> Env = new() { ["PATH"] = "/usr/bin" };
    private static readonly UnixAccount Account = new("wharf-pool-shop", 1500, 1500, ["wharf-pool-shop"], [1500, 1600]);

    [Fact]
    public void A_worker_runs_in_its_own_session_and_cgroup_as_its_account_with_its_limits_and_umask()
    {
        var spec = WorkerLaunchSpec.Build(Pool(), "/srv/shop", Env, Account, ["/sys/fs/cgroup/wharf/shop/w1"], []);

        Assert.Equal("/usr/bin/app", spec.Program);
        Assert.Equal(["--urls", "x"], spec.Arguments);
        Assert.Same(Env, spec.Environment);
        Assert.Equal("/srv/shop", spec.WorkingDirectory);
        Assert.Equal(LaunchIsolation.Session, spec.Isolation);
        Assert.Equal(["/sys/fs/cgroup/wharf/shop/w1"], spec.Cgroups);
        Assert.Equal([new LaunchRlimit("nofile", 4096, 4096), new LaunchRlimit("core", 0, 0)], spec.Rlimits);
        Assert.Equal(1500u, spec.Account!.Uid);
        Assert.Equal(1500u, spec.Account.Gid);
        Assert.Equal([1500u, 1600u], spec.Account.Groups);
        Assert.Equal(0b000_000_111, spec.Umask);
        Assert.Empty(spec.Descriptors);
    }

    [Fact]
    public void The_programs_own_working_directory_wins_over_the_applications_folder() =>
        Assert.Equal("/opt/shop", WorkerLaunchSpec.Build(Pool(folder: "/opt/shop"), "/srv/shop", Env, null, [], []).WorkingDirectory);

    [Fact]
    public void A_supervisor_that_is_not_root_keeps_its_own_account() =>
        Assert.Null(WorkerLaunchSpec.Build(Pool(), null, Env, null, [], []).Account);

    [Theory]
    [InlineData("app")]
    [InlineData("./app")]
    [InlineData("bin/app")]
    public void A_relative_command_is_refused_never_searched_for(string command)
    {
        var e = Assert.Throws<WorkerLaunchException>(() => WorkerLaunchSpec.Build(Pool(command), "/srv", Env, null, [], []));

        Assert.Contains("not an absolute path", e.Message);
    }

    [Fact]
    public void A_relative_working_directory_is_refused() =>
        Assert.Throws<WorkerLaunchException>(() => WorkerLaunchSpec.Build(Pool(folder: "srv"), null, Env, null, [], []));

    [Fact]
    public void Handed_sockets_are_moved_to_descriptor_3_onward_in_order()
    {
        var spec = WorkerLaunchSpec.Build(Pool(), "/srv", Env, null, [], [new HandedSocket("www/*:80", 41), new HandedSocket("www/*:81", 40)]);

        Assert.Equal([new LaunchDescriptor(41, 3), new LaunchDescriptor(40, 4)], spec.Descriptors);
        Assert.True(spec.SetListenPid);
    }

    [Fact]
    public void Without_handed_sockets_no_LISTEN_PID_is_set() =>
        Assert.False(WorkerLaunchSpec.Build(Pool(), "/srv", Env, null, [], []).SetListenPid);

    [Fact]
    public void The_workers_own_pipes_become_its_stdin_stdout_and_stderr_before_the_handed_sockets()
    {
        var spec = WorkerLaunchSpec.Build(Pool(), "/srv", Env, null, [], [new HandedSocket("www/*:80", 41)], (30, 31, 33));

        Assert.Equal([new LaunchDescriptor(30, 0), new LaunchDescriptor(31, 1), new LaunchDescriptor(33, 2), new LaunchDescriptor(41, 3)], spec.Descriptors);
    }

    [Fact]
    public void An_affinitized_pool_runs_on_the_processors_its_mask_names_and_others_anywhere()
    {
        var pool = Pool() with { Cpu = new AppPoolCpuConfig { SmpAffinitized = true, SmpProcessorAffinityMask = 0b1010 } };

        Assert.Equal([1, 3], WorkerLaunchSpec.Build(pool, "/srv", Env, null, [], []).CpuAffinity);
        Assert.Null(WorkerLaunchSpec.Build(Pool() with { Cpu = new AppPoolCpuConfig { SmpProcessorAffinityMask = 1 } }, "/srv", Env, null, [], []).CpuAffinity);
        Assert.Equal(64, WorkerLaunchSpec.Processors("p", -1).Count);
    }

    [Fact]
    public void An_affinity_mask_that_names_no_processor_is_refused() =>
        Assert.Throws<WorkerLaunchException>(() => WorkerLaunchSpec.Build(
            Pool() with { Cpu = new AppPoolCpuConfig { SmpAffinitized = true, SmpProcessorAffinityMask = 0 } }, "/srv", Env, null, [], []));

    [Fact]
    public void A_pool_without_a_program_has_no_worker_to_launch() =>
        Assert.Throws<WorkerLaunchException>(() => WorkerLaunchSpec.Build(new AppPoolConfig { Name = "DefaultAppPool" }, "/srv", Env, null, [], []));
}
