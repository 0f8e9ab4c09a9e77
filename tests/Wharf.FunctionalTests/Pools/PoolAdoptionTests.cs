using System.Globalization;
using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>`wharf reset /reboot`: the supervisor re-executes itself, and the new image adopts the workers the old one ran.</summary>
public sealed class PoolAdoptionTests
{
    [Fact]
    public async Task Reboot_keeps_the_workers_serving_with_no_failed_request_their_logs_growing_and_their_ends_noticed()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool.Set("processModel.maxProcesses", 2);
        });
        var workers = await host.WaitForActiveWorkersAsync(count: 2);
        await WorkerTraces.WaitForRecordsAsync(host, workers);
        var before = await LogFromEachAsync(host, workers, "before-reboot");

        // Requests one after another across the reboot, and five more through the new image's www once it is ready;
        // every one must be answered by one of the same workers.
        var readyAgain = new TaskCompletionSource();
        var load = PidsAcrossAsync(host, readyAgain.Task);
        var reboot = await host.CliAsync("reset", "/reboot");
        Assert.True(reboot.ExitCode == 0, reboot.ToString());
        await host.WaitForNotifyAsync("READY=1", TimeSpan.FromSeconds(60));
        readyAgain.SetResult();
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "rebooted", host.SupervisorPid), TimeSpan.FromSeconds(30), "rebooted");
        foreach (var pid in workers) await host.WaitForAsync("worker-adopted", pid: pid);
        var (served, failed) = await load;

        Assert.True(failed.Count == 0, $"{failed.Count} requests failed across /reboot: {string.Join("; ", failed.Take(5))}\n{host.Output}");
        Assert.True(served.Count > 0, "no request was answered across the reboot");
        Assert.All(served, pid => Assert.Contains(pid, workers));
        Assert.Equal(workers.Order(), (await host.ActiveWorkerPidsAsync()).Order());
        Assert.All(workers, pid => Assert.True(Signals.IsAlive(pid), $"worker {pid} did not survive the reboot"));
        var sinceReboot = host.Events.All().SkipWhile(e => (string?)e["event"] != "reboot").ToList();
        Assert.DoesNotContain(sinceReboot, e => PoolEvents.Is(e, "worker-crashed") || PoolEvents.Is(e, "worker-killed") || PoolEvents.Is(e, "worker-started"));

        // The pipes crossed the execve: the new image goes on copying what each worker writes into the same files.
        var after = await LogFromEachAsync(host, workers, "after-reboot");
        foreach (var suffix in new[] { ".out.log", ".err.log" })
            Assert.True(after[suffix] > before[suffix], $"the {suffix} files did not grow after the reboot ({before[suffix]} then {after[suffix]} bytes)");

        // The new image never started them, yet it notices an adopted worker's end, reaps it and replaces it.
        Signals.Send(workers[0], Signals.SIGKILL);
        await host.WaitForAsync("worker-crashed", pid: workers[0]);
        var replaced = await host.WaitForActiveWorkersAsync(count: 2, notThese: [workers[0]]);
        Assert.Contains(workers[1], replaced);
        Assert.False(File.Exists($"/proc/{workers[0]}/stat"), $"adopted worker {workers[0]} was not reaped");
    }

    /// <summary>
    /// Sends /log to the workers until each has written a line to its stdout and stderr (the lines
    /// name the pid and the mark), waits for the lines in the log files, and returns the total
    /// size of the .out.log and the .err.log files.
    /// </summary>
    private static async Task<Dictionary<string, long>> LogFromEachAsync(WharfHost host, IReadOnlyList<int> workers, string mark)
    {
        var reached = new HashSet<int>();
        // One after another: among equally idle workers www takes each in turn, so a few requests reach them all.
        for (var i = 0; i < 10 && !workers.All(reached.Contains); i++)
        {
            var answer = await PoolClient.GetAsync(host, $"/log?text={mark}", TimeSpan.FromSeconds(30));
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            reached.Add(int.Parse(answer.Body, CultureInfo.InvariantCulture));
        }
        Assert.True(workers.All(reached.Contains), $"/log did not reach every worker: {string.Join(",", reached)} of {string.Join(",", workers)}");
        foreach (var pid in workers)
        {
            await WorkerTraces.WaitForLogLineAsync(host, ".out.log", $"{pid} stdout {mark}", TimeSpan.FromSeconds(10));
            await WorkerTraces.WaitForLogLineAsync(host, ".err.log", $"{pid} stderr {mark}", TimeSpan.FromSeconds(10));
        }
        return new[] { ".out.log", ".err.log" }.ToDictionary(s => s, s => WorkerTraces.Logs(host, s).Sum(l => (long)l.Text.Length));
    }

    /// <summary>
    /// GET /pid on a new connection each time, one after another, until five were sent after
    /// <paramref name="readyAgain"/> (bounded: 5,000 requests, 90 s): the pids that answered, and every failure.
    /// </summary>
    private static async Task<(List<int> Served, List<string> Failed)> PidsAcrossAsync(WharfHost host, Task readyAgain)
    {
        var served = new List<int>();
        var failed = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (int i = 0, after = 0; i < 5_000 && after < 5 && DateTime.UtcNow < deadline; i++)
        {
            if (readyAgain.IsCompleted) after++;
            try
            {
                var answer = await PoolClient.GetAsync(host, "/pid", TimeSpan.FromSeconds(30));
                if (answer.Status == HttpStatusCode.OK) served.Add(int.Parse(answer.Body, CultureInfo.InvariantCulture));
                else failed.Add(answer.ToString());
            }
            catch (HttpRequestException e)
            {
                failed.Add(e.Message);
            }
        }
        Assert.True(readyAgain.IsCompleted, "the requests' bound ran out before the reboot ended");
        return (served, failed);
    }
}
