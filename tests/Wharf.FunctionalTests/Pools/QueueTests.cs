using System.Net;
using Wharf.TestKit;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>The pool's queue: its length, its timeout, and what a client gets beyond them (503, or a reset with tcpLevel).</summary>
public sealed class QueueTests
{
    [Fact]
    public async Task A_full_queue_gives_503_at_once_and_a_queue_timeout_gives_503_after_it()
    {
        // One worker taking one request at a time, a queue of 10 (IIS's least), a 2 s queue timeout.
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["startMode"] = "alwaysRunning";
            pool["maxConcurrentRequestsPerWorker"] = 1;
            pool["queueLength"] = 10;
            pool["queueTimeout"] = "00:00:02";
        });
        await host.WaitForActiveWorkersAsync();

        var answers = await PoolClient.ManyAsync(host, "/sleep?ms=5000", 16);

        var report = string.Join("\n", answers.Select(a => $"{a.Status} after {a.Seconds:0.00}s"));
        Assert.True(answers.Count(a => a.Status == 200) == 1, $"one request holds the worker:\n{report}");
        Assert.True(answers.Count(a => a.Status == 503) == 15, $"the others get 503:\n{report}");
        // 16 - 1 taken - 10 queued: at least 5 find the queue full and are answered at once...
        Assert.True(answers.Count(a => a.Status == 503 && a.Seconds < 1.5) >= 5, $"a full queue answers at once:\n{report}");
        // ...and the queued ones wait the queue timeout, not the 5 s the worker is busy.
        Assert.True(answers.Count(a => a.Status == 503 && a.Seconds is >= 1.9 and < 4.5) >= 1, $"the queue timeout answers after 2 s:\n{report}");
    }

    [Fact]
    public async Task A_stopped_pool_answers_503_with_Retry_After()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool => pool["state"] = "stopped");

        var answer = await PoolClient.GetAsync(host, "/");

        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
        Assert.NotNull(answer.Header("Retry-After"));
    }

    [Fact]
    public async Task With_tcpLevel_a_request_that_cannot_be_served_gets_its_connection_reset()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync(), pool =>
        {
            pool["state"] = "stopped";
            pool.Set("failure.loadBalancerCapabilities", "tcpLevel");
        });

        var curl = await CommandResult.RunAsync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", host.BaseUrl + "/"]);

        // 52: empty reply; 56: connection reset while receiving. Never an HTTP status.
        Assert.True(curl.ExitCode is 52 or 56, curl.ToString());
        Assert.Equal("000", curl.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_stopped_pool_serves_again_after_apppool_start()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        Assert.True(await PoolClient.WorkerPidAsync(host) > 0);

        var stop = await host.CliAsync("apppool", "stop", PoolSetup.Pool);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PoolClient.GetAsync(host, "/")).Status);

        var start = await host.CliAsync("apppool", "start", PoolSetup.Pool);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.True(await PoolClient.WorkerPidAsync(host) > 0);
    }
}
