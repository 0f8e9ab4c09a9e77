using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Tests;

public sealed class EventLogTests
{
    [Fact]
    public void Events_are_json_lines_read_back_newest_last()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wh.").FullName, "events.log");
        var log = new EventLog(path, TimeProvider.System);

        log.Write("www", EventName.Started, "1 listener(s)", pid: 42);
        log.Write("www", EventName.Crashed, "ended unexpectedly", pid: 42, signal: "SIGKILL");

        var events = log.ReadRecent(10);
        Assert.Equal([EventName.Started, EventName.Crashed], events.Select(e => e.Event));
        Assert.Equal("SIGKILL", events[1].Signal);
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void The_log_rolls_by_size_and_keeps_a_bounded_number_of_old_files()
    {
        var dir = Directory.CreateTempSubdirectory("wh.").FullName;
        var path = Path.Combine(dir, "events.log");
        var log = new EventLog(path, TimeProvider.System, maxBytes: 1000, keep: 2);

        for (var i = 0; i < 100; i++) log.Write("www", EventName.Started, new string('x', 100), pid: i);

        Assert.True(new FileInfo(path).Length <= 1000);
        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        Assert.Equal(99, log.ReadRecent(1).Single().Pid);
    }

    [Fact]
    public void The_newest_event_is_always_in_the_current_file_whatever_the_line_lengths()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wh.").FullName, "events.log");
        var log = new EventLog(path, TimeProvider.System, maxBytes: 700, keep: 3);

        for (var i = 0; i < 60; i++)
        {
            log.Write("www", EventName.Started, new string('x', 20 + i * 7 % 150), pid: i);
            Assert.True(File.Exists(path), $"events.log missing after write {i}");
            Assert.Contains($"\"pid\":{i},", File.ReadAllLines(path)[^1]);
        }
    }
}
