using System.Diagnostics;
using System.Runtime.InteropServices;
using Wharf.Config;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed partial class WorkerRecordFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-records-").FullName;
    private readonly OrphanReaper _reaper = new();

    public WorkerRecordFileTests() => Directory.CreateDirectory(Path.Combine(_root, "state"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string File_ => Path.Combine(_root, "state", "workers.json");

    private WorkerRecordFile Records(Func<int, ProcessIdentity?>? identify = null) =>
        new(File_, new DataRoot(_root), _reaper, identify ?? ProcessIdentity.Of);

    private static WorkerRecord Record(int pid, ulong ticks, string id = "Shop#1") =>
        new(id, "Shop", pid, ticks, "unix:/r/w1.sock", "wharf-pool-shop", DateTimeOffset.Parse("2026-12-07T19:00:00Z"), ["/sys/fs/cgroup/wharf/shop-1"], "g1");

    [Fact]
    public void Saved_records_load_back_whole_from_a_file_only_its_owner_can_read()
    {
        WorkerRecord[] saved = [Record(100, 5000), Record(101, 5001, "Shop#2") with { OutputDescriptors = [40, 41] }];

        Records().Save(saved);
        var loaded = Records().Load();

        Assert.Equal(2, loaded.Count);
        Assert.Equal(saved[0] with { CgroupPaths = loaded[0].CgroupPaths, OutputDescriptors = loaded[0].OutputDescriptors }, loaded[0]);
        Assert.Empty(loaded[0].OutputDescriptors);
        Assert.Equal(["/sys/fs/cgroup/wharf/shop-1"], loaded[0].CgroupPaths);
        Assert.Equal([40, 41], loaded[1].OutputDescriptors);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(File_));
        Assert.Equal(["workers.json"], Directory.GetFiles(Path.Combine(_root, "state")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_new_save_replaces_the_list_and_an_empty_one_records_no_worker()
    {
        Records().Save([Record(100, 5000)]);
        Records().Save([]);

        Assert.Empty(Records().Load());
    }

    [Fact]
    public void No_file_and_a_damaged_file_both_load_as_no_worker()
    {
        Assert.Empty(Records().Load());
        File.WriteAllText(File_, "[{\"id\": ");
        Assert.Empty(Records().Load());
    }

    [Theory]
    [InlineData("1234 (python3) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615", 1, 1234, 987654)]
    [InlineData("1234 (a) b (c)) S 77 1230 1230 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 42 1000 100 1", 77, 1230, 42)]
    public void The_identity_is_read_from_the_stat_line_counting_past_the_last_parenthesis(string stat, int parent, int group, ulong ticks) =>
        Assert.Equal(new ProcessIdentity(parent, group, ticks), ProcessIdentity.Parse(stat));

    [Fact]
    public void A_pid_counts_as_the_recorded_worker_only_with_the_same_start_time_and_is_adopted_only_as_our_child()
    {
        var record = Record(100, 5000);

        Assert.True(ProcessIdentity.IsStill(record, new ProcessIdentity(1, 100, 5000)));
        Assert.False(ProcessIdentity.IsStill(record, new ProcessIdentity(1, 100, 5001)));
        Assert.False(ProcessIdentity.IsStill(record, null));
        Assert.True(ProcessIdentity.CanAdopt(record, new ProcessIdentity(77, 100, 5000), self: 77));
        Assert.False(ProcessIdentity.CanAdopt(record, new ProcessIdentity(1, 100, 5000), self: 77));
        Assert.False(ProcessIdentity.CanAdopt(record, new ProcessIdentity(77, 100, 4999), self: 77));
    }

    [Fact]
    public async Task After_a_crash_a_recorded_worker_still_running_is_killed_with_its_group_but_a_recycled_pid_is_left_alone()
    {
        // setsid(1) execs in place (a child of ours leads no group), so the pid is the worker's, leading its own group as a worker does.
        using var worker = Process.Start(new ProcessStartInfo("setsid", ["sleep", "300"]))!;
        var ticks = ProcessIdentity.Of(worker.Id)!.Value.StartTicks;
        await WaitUntilAsync(() => ProcessIdentity.Of(worker.Id)?.Group == worker.Id);

        Assert.Empty(Records().EndLeftovers([Record(worker.Id, ticks + 1)]));
        Assert.False(worker.HasExited);

        Assert.Equal([worker.Id], Records().EndLeftovers([Record(worker.Id, ticks)]));
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_worker_left_by_the_previous_image_is_adopted_spared_from_the_sweep_and_its_exit_is_seen()
    {
        // A child .NET did not start, as the previous image's workers are to the new one.
        var pid = Spawn("/bin/sleep", "300");
        var record = Record(pid, ProcessIdentity.Of(pid)!.Value.StartTicks);

        Assert.Null(Records().Adopt(record with { ProcessStartTicks = record.ProcessStartTicks + 1 }));
        var adopted = Records().Adopt(record);

        Assert.NotNull(adopted);
        Assert.True(_reaper.IsSpared(pid));
        adopted.KillGroup();
        var exit = await adopted.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(9, exit.Signal);
        Assert.False(_reaper.IsSpared(pid));
    }

    [Fact]
    public async Task An_adopted_workers_exit_code_is_its_own()
    {
        var pid = Spawn("/bin/sh", "-c", "read _; exit 3");
        var adopted = Records().Adopt(Record(pid, ProcessIdentity.Of(pid)!.Value.StartTicks))!;

        var exit = await adopted.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, exit.ExitCode);
    }

    [Fact]
    public void A_process_that_is_not_our_child_is_never_adopted()
    {
        var init = ProcessIdentity.Of(1);
        Assert.NotNull(init);

        Assert.Null(Records().Adopt(Record(1, init.Value.StartTicks)));
        Assert.False(_reaper.IsSpared(1));
    }

    [Fact]
    public async Task An_adopted_workers_output_pipe_passed_across_the_execve_is_read_on_into_its_log()
    {
        // As the previous image leaves it: a pipe whose read end this process holds, and whose write end is the worker's stdout.
        Span<int> fds = stackalloc int[2];
        Assert.Equal(0, PoolNative.pipe2(fds, 0));
        var (read, write) = (fds[0], fds[1]);
        Hosting.Native.Libc.SetInheritable(read, false);
        var pid = Spawn("/usr/bin/python3", "-c",
            "import os, sys; w = int(sys.argv[1]); os.dup2(w, 1); os.close(w); print('before the reboot', flush=True); os.execv('/bin/sleep', ['sleep', '300'])",
            write.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Hosting.Native.Libc.close(write);
        var record = Record(pid, ProcessIdentity.Of(pid)!.Value.StartTicks) with { OutputDescriptors = [read] };
        await WaitUntilAsync(() => new FileInfo($"/proc/{pid}/fd/1").LinkTarget == new FileInfo($"/proc/self/fd/{read}").LinkTarget);

        var adopted = (AdoptedWorker)Records().Adopt(record)!;
        adopted.KillGroup();
        await adopted.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(adopted.Output.Select(o => o.Completion)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(adopted.Output);
        Assert.Equal("before the reboot\n", File.ReadAllText(Path.Combine(_root, "logs", "pools", "Shop", "w1.out.log")));
    }

    [Fact]
    public void A_recorded_descriptor_that_is_not_the_workers_pipe_is_left_alone()
    {
        var pid = Spawn("/bin/sleep", "300");
        using var unrelated = new FileStream(Path.Combine(_root, "unrelated"), FileMode.Create);
        var fd = (int)unrelated.SafeFileHandle.DangerousGetHandle();

        var adopted = (AdoptedWorker)Records().Adopt(Record(pid, ProcessIdentity.Of(pid)!.Value.StartTicks) with { OutputDescriptors = [fd] })!;
        adopted.KillGroup();

        Assert.Empty(adopted.Output);
        unrelated.WriteByte(1);
        unrelated.Flush();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    private static int Spawn(string program, params string[] arguments)
    {
        string?[] argv = [program, .. arguments, null];
        string?[] envp = ["PATH=/usr/bin:/bin", null];
        var error = posix_spawn(out var pid, program, IntPtr.Zero, IntPtr.Zero, argv, envp);
        Assert.Equal(0, error);
        return pid;
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int posix_spawn(out int pid, string path, IntPtr fileActions, IntPtr attributes, string?[] argv, string?[] envp);
}
