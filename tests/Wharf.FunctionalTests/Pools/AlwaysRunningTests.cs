using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>An alwaysRunning pool comes up by itself: a program that fails its first starts is tried again on a back-off, with no request to ask for it.</summary>
public sealed class AlwaysRunningTests
{
    [Fact]
    public async Task An_always_running_pool_whose_program_fails_its_first_two_starts_comes_up_by_itself_without_a_request()
    {
        // The pool's account counts the starts in a file; the first two exit before they listen, as a
        // program whose database is not up yet would.
        var folder = Directory.CreateTempSubdirectory("wharf-starts-");
        try
        {
            File.SetUnixFileMode(folder.FullName, (UnixFileMode)0b111_111_111);
            var starts = Path.Combine(folder.FullName, "starts");
            var python = WorkerApps.Python();
            var script = $"n=0; [ -f {starts} ] && read n < {starts}; echo $((n + 1)) > {starts}; [ \"$n\" -ge 2 ] || exit 3; "
                + $"exec {python.Command} {string.Join(' ', python.Arguments)}";
            await using var host = await PoolSetup.StartAsync(new WorkerProgram("/bin/sh", ["-c", script]), pool => pool["startMode"] = "alwaysRunning");

            var ready = await host.WaitForAsync("worker-ready", timeout: TimeSpan.FromSeconds(60));

            var before = host.Events.All().TakeWhile(e => !PoolEvents.Is(e, "worker-ready")).ToArray();
            Assert.Equal(2, before.Count(e => PoolEvents.Is(e, "worker-start-failed")));
            var retries = before.Where(e => PoolEvents.Is(e, "restarting")).ToArray();
            Assert.Equal(2, retries.Length);
            Assert.True(PoolEvents.Says(retries[0], "trying again in 1 s") && PoolEvents.Says(retries[1], "trying again in 2 s"),
                string.Join("\n", retries.Select(e => e.ToJsonString())));
            Assert.Equal("3", File.ReadAllText(starts).Trim());
            // The first request goes to the worker that came up by itself.
            Assert.Equal((int?)ready["pid"], await PoolClient.WorkerPidAsync(host));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
