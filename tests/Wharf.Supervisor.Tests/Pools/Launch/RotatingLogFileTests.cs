using System.Text;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class RotatingLogFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-rotate-").FullName;
    private string Log => Path.Combine(_folder, "w1.out.log");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private RotatingLogFile File(long max = 10, int keep = 2) => new(Log, max, keep, PoolFolders.LogFileMode, null);

    [Fact]
    public void A_write_that_would_pass_the_limit_rolls_first_so_the_current_file_holds_the_newest()
    {
        using (var file = File())
        {
            file.Write("aaaaaa\n"u8);
            file.Write("bbbbbb\n"u8);
        }

        Assert.Equal("bbbbbb\n", System.IO.File.ReadAllText(Log));
        Assert.Equal("aaaaaa\n", System.IO.File.ReadAllText(Log + ".1"));
    }

    [Fact]
    public void Only_keep_old_files_are_kept_newest_first()
    {
        using (var file = File())
            foreach (var c in "abcde") file.Write(Encoding.ASCII.GetBytes(new string(c, 8)));

        Assert.Equal("eeeeeeee", System.IO.File.ReadAllText(Log));
        Assert.Equal("dddddddd", System.IO.File.ReadAllText(Log + ".1"));
        Assert.Equal("cccccccc", System.IO.File.ReadAllText(Log + ".2"));
        Assert.False(System.IO.File.Exists(Log + ".3"));
    }

    [Fact]
    public void A_restarted_worker_appends_to_the_file_it_left_and_rolls_by_its_size()
    {
        System.IO.File.WriteAllText(Log, "old-old\n");
        using (var file = File())
            file.Write("new\n"u8);

        Assert.Equal("new\n", System.IO.File.ReadAllText(Log));
        Assert.Equal("old-old\n", System.IO.File.ReadAllText(Log + ".1"));
    }

    [Fact]
    public void Files_are_created_readable_by_the_owner_and_group_only()
    {
        using (var file = File())
            file.Write("x"u8);

        Assert.Equal((UnixFileMode)0b110_100_000, System.IO.File.GetUnixFileMode(Log));
    }

    [Fact]
    public async Task Output_is_copied_from_the_pipe_to_the_file_until_end_of_file()
    {
        var pipe = new MemoryStream(Encoding.ASCII.GetBytes("hello\nworld\n"));

        var output = new WorkerOutput(pipe, new RotatingLogFile(Log, 1024, 2, PoolFolders.LogFileMode, null));
        await output.Completion;

        Assert.Equal("hello\nworld\n", System.IO.File.ReadAllText(Log));
        Assert.Equal(0, output.Dropped);
    }
}
