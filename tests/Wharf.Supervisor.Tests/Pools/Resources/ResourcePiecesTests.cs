using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Tests.Pools.Resources;

/// <summary>The parsers and names the cgroup code stands on.</summary>
public sealed class ResourcePiecesTests
{
    [Theory]
    [InlineData("DefaultAppPool")]
    [InlineData("shop#12")]
    [InlineData("cpu.max")]
    [InlineData("..")]
    [InlineData("a b/c%d")]
    [InlineData("café")]
    public void Folder_names_round_trip_and_never_hold_a_dot_or_a_slash(string name)
    {
        var folder = CgroupName.Escape(name);
        Assert.DoesNotContain('.', folder);
        Assert.DoesNotContain('/', folder);
        Assert.Equal(name, CgroupName.Unescape(folder));
    }

    [Fact]
    public void Folder_names_of_different_pools_differ()
    {
        Assert.NotEqual(CgroupName.Escape("a b"), CgroupName.Escape("a-b"));
        Assert.Null(CgroupName.Unescape("cgroup.procs"));
        Assert.Null(CgroupName.Unescape("bad%Z1"));
    }

    [Fact]
    public void Each_data_root_has_its_own_instance_folder()
    {
        Assert.NotEqual(CgroupName.Instance("/var/lib/wharf"), CgroupName.Instance("/tmp/w1"));
        Assert.Equal(CgroupName.Instance("/tmp/w1"), CgroupName.Instance("/tmp/w1/"));
    }

    [Fact]
    public void Mountinfo_gives_the_v2_mount_and_each_v1_controller_and_ignores_bind_mounts_of_subfolders()
    {
        var mounts = CgroupMounts.Parse("""
            30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - tmpfs tmpfs ro,mode=755
            31 30 0:27 / /sys/fs/cgroup/unified rw,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate
            32 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:6 - cgroup cgroup rw,cpu,cpuacct
            33 30 0:29 / /sys/fs/cgroup/memory rw,relatime shared:7 - cgroup cgroup rw,memory
            34 30 0:30 / /sys/fs/cgroup/freezer rw,relatime shared:8 - cgroup cgroup rw,freezer
            35 30 0:29 /docker/abc /mnt/memory\040view rw,relatime - cgroup cgroup rw,memory
            """);
        Assert.Equal("/sys/fs/cgroup/unified", mounts.V2Mount);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", mounts.V1Mounts["cpu"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", mounts.V1Mounts["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/memory", mounts.V1Mounts["memory"]);
        Assert.Equal("/sys/fs/cgroup/freezer", mounts.V1Mounts["freezer"]);
    }

    [Fact]
    public void Self_cgroup_gives_each_controllers_path_and_the_v2_path()
    {
        var self = CgroupMounts.ParseSelf("4:memory:/process_api/e1c6\n2:cpu,cpuacct:/\n0::/system.slice/wharf.service\n");
        Assert.Equal("/process_api/e1c6", self["memory"]);
        Assert.Equal("/", self["cpuacct"]);
        Assert.Equal("/system.slice/wharf.service", self[""]);
    }

    [Fact]
    public void Proc_status_gives_anonymous_resident_and_virtual_memory()
    {
        var status = ProcStatus.Parse("Name:\tdotnet\nVmSize:\t268435456 kB\nVmRSS:\t  50000 kB\nRssAnon:\t   40000 kB\nRssFile:\t 10000 kB\n");
        Assert.Equal(40000L * 1024, status.RssAnonBytes);
        Assert.Equal(268435456L * 1024, status.VmSizeBytes);
    }

    [Fact]
    public void Proc_stat_gives_the_session_and_the_cpu_ticks_even_with_a_tricky_command_name()
    {
        // Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        var parsed = SessionSampler.Parse("4242 (a (b) c) S 1 4242 4200 0 -1 4194560 100 0 0 0 150 50 7 3 20 0 1 0 100 0");
        Assert.Equal((4200, 210L), parsed);
        Assert.Null(SessionSampler.Parse("garbage"));
    }

    [Fact]
    public void Session_sampler_sums_this_test_processes_session()
    {
        var session = getsid(0);
        var sample = new SessionSampler().Sample([session]);
        Assert.True(sample[session].PrivateMemoryBytes > 1024 * 1024, "this test process alone holds more than 1 MB of anonymous memory");
        Assert.True(sample[session].CpuTime > TimeSpan.Zero);
        Assert.DoesNotContain(-5, new SessionSampler().Sample([-5]).Keys);
    }

    [Theory]
    [InlineData(0xFFFFFFFFL, 4, new[] { 0, 1, 2, 3 })]
    [InlineData(0b1010L, 8, new[] { 1, 3 })]
    [InlineData(0b1_0000_0001L, 4, new[] { 0 })]
    public void Affinity_mask_becomes_the_machines_cpus(long mask, int processors, int[] expected) =>
        Assert.Equal(expected, CpuAffinity.Cpus(mask, processors));

    [Fact]
    public void Affinity_mask_naming_no_cpu_of_the_machine_is_null_and_lists_format_as_cpuset_does()
    {
        Assert.Null(CpuAffinity.Cpus(0b1_0000, 4));
        Assert.Equal("0,2-4,7", CpuAffinity.Format([0, 2, 3, 4, 7]));
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int getsid(int pid);
}
