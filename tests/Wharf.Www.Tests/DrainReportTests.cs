using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

/// <summary>
/// A draining www names what it holds, so that a kill at the deadline can say what it cut:
/// each request in progress with its client, method, URL and the bytes sent so far.
/// </summary>
public sealed class DrainReportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long FileSize = 64L << 20;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly WwwHarness _www = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _www.DisposeAsync();

    private async Task StartAsync(long? bandwidth)
    {
        // Sparse: the size is what matters, not the bytes.
        var path = Path.Combine(_www.Root.Path, "wwwroot", "big.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path)) file.SetLength(FileSize);
        var site = WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding()) with { Limits = new SiteLimitsConfig { MaxBandwidth = bandwidth } };
        await _www.StartAsync(new WharfConfig { Sites = [site] });
    }

    /// <summary>A client that asks for the big file, reads its head and a little of the body, then stops reading.</summary>
    private async Task<Socket> SlowDownloadAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await client.ConnectAsync(IPAddress.Loopback, _www.Port);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin?from=test HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        await ReadAsync(client, 16 * 1024);
        return client;
    }

    private static async Task ReadAsync(Socket client, int bytes)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Generous);
        for (var read = 0; read < bytes;)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, bytes - read)), SocketFlags.None, timeout.Token);
            Assert.True(n > 0, "the server closed the download");
            read += n;
        }
    }

    private async Task<HeldEntry> WaitForRequestAsync(Func<HeldEntry, bool> condition, string what)
    {
        // Bytes are counted as the sender hands them to the socket, a moment after the client sees them.
        var report = await WaitForReportAsync(r => r.Entries.FirstOrDefault(e => e.IsRequest) is { } entry && condition(entry), what);
        return report.Entries.First(e => e.IsRequest);
    }

    private async Task<HoldingReport> WaitForReportAsync(Func<HoldingReport, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (true)
        {
            var report = _www.Service.Holding();
            if (condition(report)) return report;
            if (timeout.IsCancellationRequested) throw new TimeoutException($"waited for {what}; last report: {System.Text.Json.JsonSerializer.Serialize(report, HostingJsonContext.Default.HoldingReport)}");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(null)]          // sendfile: counted as the kernel takes it
    [InlineData(1_000_000L)]    // a bandwidth limit: counted by the metered body
    public async Task A_draining_www_reports_the_request_in_progress_with_its_client_url_and_bytes_sent(long? bandwidth)
    {
        await StartAsync(bandwidth);
        using var client = await SlowDownloadAsync();

        var stop = _www.StopAsync(Generous);
        await _www.Service.AcceptStopped.WaitAsync(Generous);
        Assert.False(stop.IsCompleted, "the drain waits for the download");

        var first = await WaitForRequestAsync(e => e.BytesSent > 0, "bytes sent");
        var report = _www.Service.Holding();
        Assert.Equal(1, report.Connections);
        Assert.Equal(1, report.Requests);
        Assert.Equal(0, report.Unlisted);
        Assert.Equal("GET", first.Method);
        Assert.Equal("/big.bin?from=test", first.Url);
        Assert.Equal(client.LocalEndPoint!.ToString(), first.Client);
        Assert.InRange(first.BytesSent!.Value, 1, FileSize);

        // The count is live: reading more lets more go out, and the report says so.
        await ReadAsync(client, 2 << 20);
        var later = await WaitForRequestAsync(e => e.BytesSent > first.BytesSent, "more bytes sent");
        Assert.True(later.Seconds >= first.Seconds);

        client.Close();
        await stop.WaitAsync(Generous);
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_reported_as_one_without_a_request()
    {
        await StartAsync(bandwidth: null);
        using var idle = await _www.ConnectAsync();
        await idle.SendAsync("/missing.txt");
        Assert.Equal(404, (await idle.ReadResponseAsync()).Status);

        // The client has the response a moment before the request's last middleware returns.
        var report = await WaitForReportAsync(r => r.Requests == 0, "the request to end");

        Assert.Equal(1, report.Connections);
        var entry = Assert.Single(report.Entries);
        Assert.False(entry.IsRequest);
        Assert.StartsWith("127.0.0.1:", entry.Client);
    }
}
