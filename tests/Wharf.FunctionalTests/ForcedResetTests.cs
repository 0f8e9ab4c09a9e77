using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// A reset that kills a process at its deadline says what it cut, and exits 3 rather than 0:
/// the administrator's scenario of a large download at 5 MB/s and `wharf reset /timeout:3`.
/// </summary>
public sealed class ForcedResetTests
{
    private const long FileSize = 100L << 20;

    /// <summary>curl downloading the big file at 5 MB/s into a scratch file; ends with curl's exit code.</summary>
    private sealed class SlowDownload : IAsyncDisposable
    {
        private readonly Process _curl;
        private readonly string _output = Path.Combine(Path.GetTempPath(), "wharf-big-" + Guid.NewGuid().ToString("N")[..8]);

        public SlowDownload(string url)
        {
            var start = new ProcessStartInfo("curl") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var a in new[] { "-sS", "--limit-rate", "5M", "-o", _output, url }) start.ArgumentList.Add(a);
            _curl = Process.Start(start)!;
            Errors = _curl.StandardError.ReadToEndAsync();
        }

        public Task<string> Errors { get; }

        public long Received => File.Exists(_output) ? new FileInfo(_output).Length : 0;

        public async Task<int> ExitCodeAsync()
        {
            await _curl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            return _curl.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_curl.HasExited) _curl.Kill();
            await _curl.WaitForExitAsync();
            _curl.Dispose();
            File.Delete(_output);
        }
    }

    private static async Task<(WharfHost Host, SlowDownload Download, int OldPid)> StartDownloadAsync()
    {
        var host = await WharfHost.StartAsync();
        // Sparse: the size is what matters.
        using (var file = File.Create(Path.Combine(host.Root, "wwwroot", "big.bin"))) file.SetLength(FileSize);
        var oldPid = await host.ServicePidAsync();
        var download = new SlowDownload(host.BaseUrl + "/big.bin");
        // Well under way (a second at the rate), and far from done (20 s at the rate).
        await ResetTests.WaitUntilAsync(() => Task.FromResult(download.Received >= 4 << 20), "curl to receive 4 MiB");
        return (host, download, oldPid);
    }

    private static void AssertNamesTheDownload(string text, int oldPid)
    {
        Assert.Contains($"killed pid {oldPid} at the 3 s deadline, cutting 1 request: GET /big.bin to 127.0.0.1:", text);
        Assert.Matches(@"GET /big\.bin to 127\.0\.0\.1:\d+, [\d,]+ bytes sent in \d+\.\d s", text);
    }

    private static long BytesSentIn(string text) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(text, @"([\d,]+) bytes sent").Groups[1].Value.Replace(",", ""),
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_reset_that_kills_www_mid_download_exits_3_and_names_the_request_and_its_bytes()
    {
        var (host, download, oldPid) = await StartDownloadAsync();
        await using var _ = host;
        await using var __ = download;

        var reset = await host.CliAsync("reset", "/timeout:3");

        Assert.True(reset.ExitCode == 3, reset.ToString());
        AssertNamesTheDownload(reset.StandardOutput, oldPid);
        var sent = BytesSentIn(reset.StandardOutput);
        Assert.InRange(sent, 4 << 20, FileSize - 1);
        Assert.DoesNotContain("successfully", reset.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Internet services restarted, but forced: 1 process killed at the deadline", reset.StandardOutput.TrimEnd().Split('\n')[^1]);

        // The progress lines and the stopping event counted the connection held.
        Assert.Contains($"waiting for pid {oldPid} to finish (1 connection(s))", reset.StandardError);
        var stopping = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "stopping", oldPid), TimeSpan.FromSeconds(10), "stopping");
        Assert.Equal(1, (long?)stopping["connections"]);
        var killed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "killed", oldPid), TimeSpan.FromSeconds(10), "killed");
        AssertNamesTheDownload((string)killed["message"]!, oldPid);
        Assert.Equal(1, (long?)killed["connections"]);

        // The client's download was cut, as the reply said: curl says partial file (18), or a reset
        // (56) when the kill leaves unread bytes in www's socket.
        Assert.Contains(await download.ExitCodeAsync(), new[] { 18, 56 });
        Assert.InRange(download.Received, 1, FileSize - 1);
    }

    [Fact]
    public async Task The_json_reply_says_forced_and_carries_each_request_cut()
    {
        var (host, download, oldPid) = await StartDownloadAsync();
        await using var _ = host;
        await using var __ = download;

        var reset = await host.CliAsync("reset", "/timeout:3", "--json");

        Assert.True(reset.ExitCode == 3, reset.ToString());
        var reply = JsonNode.Parse(reset.StandardOutput)!;
        Assert.True((bool?)reply["forced"], reset.StandardOutput);
        var www = reply["services"]!.AsArray().Single(s => (string?)s!["name"] == "www")!;
        var forced = www["forced"]!.AsArray().Single()!;
        Assert.Equal(oldPid, (int?)forced["pid"]);
        Assert.Equal(3.0, (double?)forced["deadlineSeconds"]);
        var entry = forced["held"]!["entries"]!.AsArray().Single()!;
        Assert.Equal("GET", (string?)entry["method"]);
        Assert.Equal("/big.bin", (string?)entry["url"]);
        Assert.StartsWith("127.0.0.1:", (string?)entry["client"]);
        Assert.InRange((long)entry["bytesSent"]!, 4 << 20, FileSize - 1);
    }

    [Fact]
    public async Task A_hung_process_is_named_with_its_last_report_and_the_report_age()
    {
        var (host, download, oldPid) = await StartDownloadAsync();
        await using var _ = host;
        await using var __ = download;

        var resetting = host.CliAsync("reset", "/timeout:3");
        // Hung just after it was asked to stop: it answered stop, then says nothing more.
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "stopping", oldPid), TimeSpan.FromSeconds(20), "stopping");
        Misbehave.Freeze(oldPid);
        var reset = await resetting;

        Assert.True(reset.ExitCode == 3, reset.ToString());
        AssertNamesTheDownload(reset.StandardOutput, oldPid);
        Assert.Matches(@"\(as of \d+\.\d s before the kill\)", reset.StandardOutput);
        var killed = await host.Events.WaitForAsync(e => EventLogReader.Is(e, "www", "killed", oldPid), TimeSpan.FromSeconds(10), "killed");
        Assert.Matches(@"GET /big\.bin .* \(as of \d+\.\d s before the kill\)", (string)killed["message"]!);
    }
}
