using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Tests.Pools.Resources;

/// <summary>
/// cgroup v2 on a tree of plain files in a temporary folder: this machine's v2 mount has no
/// controllers, so the files a kernel would offer are written by the test, and what Wharf writes
/// is read back.
/// </summary>
public sealed class CgroupV2TreeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("wharf-cg2-");

    public void Dispose() => _root.Delete(recursive: true);

    private string At(params string[] parts) => Path.Combine([_root.FullName, .. parts]);

    private string Pools => At("wharf", "root-test", "wharf-pools");

    private IWorkerCgroups Detect(string controllers = "cpuset cpu io memory pids", string self = "0::/\n", bool delegated = false, string? v1Lines = null)
    {
        File.WriteAllText(At("cgroup.controllers"), controllers + "\n");
        var mountInfo = $"31 30 0:27 / {_root.FullName} rw,relatime shared:5 - cgroup2 cgroup2 rw\n{v1Lines}";
        return CgroupDetection.Detect(new CgroupHost(mountInfo, self, delegated, "root-test"));
    }

    /// <summary>A kernel's control files never stop an rmdir; this tree's plain copies would, so they go first.</summary>
    private static void AsKernelFiles(string folder)
    {
        foreach (var file in Directory.GetFiles(folder)) File.Delete(file);
    }

    [Fact]
    public void With_cpu_and_memory_v2_is_chosen_and_every_folder_down_to_the_pools_enables_them_for_its_children()
    {
        Directory.CreateDirectory(Pools);
        File.WriteAllText(Path.Combine(Pools, "cgroup.kill"), "");
        var cgroups = Detect();

        Assert.True(cgroups.Available);
        Assert.True(cgroups.CanFreeze);
        Assert.True(cgroups.CanThrottleMemory);
        Assert.Equal($"cgroup v2 (cpu, memory, freeze, kill) under {Pools}", cgroups.Description);
        foreach (var folder in new[] { At(), At("wharf"), At("wharf", "root-test"), Pools })
            Assert.Equal("+cpu +memory", File.ReadAllText(Path.Combine(folder, "cgroup.subtree_control")));
    }

    [Fact]
    public void Without_the_controllers_and_without_v1_nothing_is_chosen_and_the_description_says_why()
    {
        var cgroups = Detect(controllers: "hugetlb");

        Assert.False(cgroups.Available);
        Assert.Null(cgroups.Create("shop", "shop#1"));
        Assert.Contains("lacks the cpu and memory controllers", cgroups.Description);
        Assert.Contains("cpu, cpuacct, memory not mounted", cgroups.Description);
        Assert.Contains("memory and CPU are read from /proc", cgroups.Description);
    }

    [Fact]
    public void Without_the_controllers_v1_is_chosen_with_v2_for_freeze_and_kill()
    {
        var v1 = string.Join("", new[] { "cpu", "cpuacct", "memory", "freezer" }.Select((c, i) =>
        {
            Directory.CreateDirectory(At("v1", c));
            return $"4{i} 30 0:4{i} / {At("v1", c)} rw - cgroup cgroup rw,{c}\n";
        }));
        Directory.CreateDirectory(Pools);
        File.WriteAllText(Path.Combine(Pools, "cgroup.freeze"), "0");

        var cgroups = Detect(controllers: "hugetlb", v1Lines: v1);

        Assert.True(cgroups.Available);
        Assert.False(cgroups.CanThrottleMemory);
        Assert.Contains($"with cgroup v2 under {Pools} for freeze and kill", cgroups.Description);
        var worker = cgroups.Create("shop", "shop#1")!;
        Assert.Equal(
            new[] { "cpu", "cpuacct", "memory" }.Select(c => At("v1", c, "wharf", "root-test", "wharf-pools", "shop", "shop%231")).Append(Path.Combine(Pools, "shop", "shop%231")),
            worker.JoinPaths);
    }

    [Fact]
    public void Under_systemd_delegation_the_supervisor_moves_into_a_leaf_and_workers_go_under_its_own_cgroup()
    {
        var own = At("system.slice", "wharf.service");
        Directory.CreateDirectory(own);
        File.WriteAllText(Path.Combine(own, "cgroup.controllers"), "cpu memory pids");
        File.WriteAllText(Path.Combine(own, "cgroup.procs"), "4242\n");

        var cgroups = Detect(self: "0::/system.slice/wharf.service\n", delegated: true);

        Assert.True(cgroups.Available);
        Assert.Equal("4242", File.ReadAllText(Path.Combine(own, "supervisor", "cgroup.procs")));
        Assert.Equal("+cpu +memory", File.ReadAllText(Path.Combine(own, "cgroup.subtree_control")));
        Assert.Contains($"under {Path.Combine(own, "wharf-pools")}", cgroups.Description);
        Assert.False(Directory.Exists(At("wharf")));
    }

    [Fact]
    public void A_worker_cgroup_is_one_folder_under_its_pool_whose_children_get_cpu_and_memory()
    {
        var worker = Detect().Create("shop", "shop#1")!;

        var folder = Path.Combine(Pools, "shop", "shop%231");
        Assert.Equal([folder], worker.JoinPaths);
        Assert.True(Directory.Exists(folder));
        Assert.Equal("+cpu +memory", File.ReadAllText(Path.Combine(Pools, "shop", "cgroup.subtree_control")));
        Assert.Equal("1", File.ReadAllText(Path.Combine(folder, "memory.oom.group")));
    }

    [Fact]
    public void Creating_an_existing_worker_cgroup_again_returns_it_as_it_is_for_adoption_after_reboot()
    {
        var first = Detect().Create("shop", "shop#1")!;
        File.WriteAllText(Path.Combine(first.JoinPaths[0], "cgroup.procs"), "4242\n");

        var again = Detect().Create("shop", "shop#1")!;

        Assert.Equal(first.JoinPaths, again.JoinPaths);
        Assert.Equal("4242\n", File.ReadAllText(Path.Combine(again.JoinPaths[0], "cgroup.procs")));
    }

    [Fact]
    public void Sample_reads_anon_from_memory_stat_usage_usec_from_cpu_stat_and_vmsize_of_its_processes()
    {
        var worker = Detect().Create("shop", "shop#1")!;
        var folder = worker.JoinPaths[0];
        File.WriteAllText(Path.Combine(folder, "memory.stat"), "anon_thp 0\nanon 12345678\nfile 999\n");
        File.WriteAllText(Path.Combine(folder, "cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        File.WriteAllText(Path.Combine(folder, "cgroup.procs"), $"{Environment.ProcessId}\n");

        var sample = worker.Sample();

        Assert.Equal(12345678, sample.PrivateMemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(2.5), sample.CpuTime);
        Assert.True(sample.VirtualMemoryBytes > 1L << 30, "a .NET process reserves far more than 1 GB of address space");
    }

    [Fact]
    public void Cpu_levers_write_cpu_max_and_cpu_weight_and_clearing_restores_the_defaults()
    {
        var worker = Detect().Create("shop", "shop#1")!;
        string Read(string file) => File.ReadAllText(Path.Combine(worker.JoinPaths[0], file));

        worker.CapCpu(0.5);
        Assert.Equal("50000 100000", Read("cpu.max"));
        worker.CapCpu(0.001);
        Assert.Equal("1000 100000", Read("cpu.max"));
        worker.LowerCpuWeight();
        Assert.Equal("1", Read("cpu.weight"));
        worker.ClearCpuLimits();
        Assert.Equal(("max 100000", "100"), (Read("cpu.max"), Read("cpu.weight")));
    }

    [Fact]
    public void Memory_high_freeze_thaw_and_kill_write_their_files()
    {
        var worker = Detect().Create("shop", "shop#1")!;
        var folder = worker.JoinPaths[0];
        string Read(string file) => File.ReadAllText(Path.Combine(folder, file));

        Assert.True(worker.SetMemoryHigh(64 * 1024 * 1024));
        Assert.Equal("67108864", Read("memory.high"));

        File.WriteAllText(Path.Combine(folder, "cgroup.events"), "populated 1\nfrozen 1\n");
        Assert.True(worker.Freeze());
        Assert.Equal("1", Read("cgroup.freeze"));
        File.WriteAllText(Path.Combine(folder, "cgroup.events"), "populated 1\nfrozen 0\n");
        Assert.True(worker.Thaw());
        Assert.Equal("0", Read("cgroup.freeze"));

        worker.KillAll();
        Assert.Equal("1", Read("cgroup.kill"));
    }

    [Fact]
    public void Freeze_says_false_when_the_cgroup_never_reports_frozen()
    {
        var worker = Detect().Create("shop", "shop#1")!;
        File.WriteAllText(Path.Combine(worker.JoinPaths[0], "cgroup.events"), "populated 1\nfrozen 0\n");
        Assert.False(worker.Freeze());
    }

    [Fact]
    public void Sweep_removes_the_folders_of_workers_not_kept_and_empty_pools_and_leaves_the_rest()
    {
        var cgroups = Detect();
        cgroups.Create("shop", "shop#1");
        cgroups.Create("shop", "shop#2");
        cgroups.Create("blog", "blog#1");
        Directory.CreateDirectory(Path.Combine(Pools, "shop", "not.ours"));
        AsKernelFiles(Path.Combine(Pools, "shop", "shop%231"));
        AsKernelFiles(Path.Combine(Pools, "blog", "blog%231"));
        AsKernelFiles(Path.Combine(Pools, "blog"));

        var killed = cgroups.SweepLeftovers(new HashSet<string> { "shop#2" });

        Assert.Empty(killed);
        Assert.False(Directory.Exists(Path.Combine(Pools, "shop", "shop%231")));
        Assert.True(Directory.Exists(Path.Combine(Pools, "shop", "shop%232")));
        Assert.True(Directory.Exists(Path.Combine(Pools, "shop", "not.ours")));
        Assert.False(Directory.Exists(Path.Combine(Pools, "blog")));
    }

    [Fact]
    public void Remove_removes_the_worker_folder()
    {
        var worker = Detect().Create("shop", "shop#1")!;
        AsKernelFiles(worker.JoinPaths[0]);
        worker.Remove();
        Assert.False(Directory.Exists(worker.JoinPaths[0]));
    }
}
