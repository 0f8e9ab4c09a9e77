using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Wharf.TestKit.Pools;

namespace Wharf.FunctionalTests.Pools;

/// <summary>What must pass through www unbuffered: WebSockets, server-sent events, streamed bodies both ways.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task A_WebSocket_passes_through_to_the_worker_and_echoes()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        using var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.HttpPort}/ws"), cts.Token);
        var buffer = new byte[1024];
        foreach (var text in new[] { "hello", "through wharf", new string('x', 900) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
            var received = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.Equal(text, Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Server_sent_events_arrive_as_they_are_sent_not_when_the_stream_ends()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        await PoolClient.WorkerPidAsync(host); // started and warm: the timings below are the stream's own

        // Four events 700 ms apart: the stream lasts 2.1 s; a buffering proxy would deliver the first at the end.
        var (first, end, body) = await ReadTimedAsync(host.BaseUrl + "/sse?n=4&ms=700", "data: event 1");

        Assert.True(end - first >= TimeSpan.FromSeconds(1.4), $"the first event came {(end - first).TotalMilliseconds:0} ms before the end: buffered");
        Assert.Equal(4, body.Split("data: event ").Length - 1);
    }

    [Fact]
    public async Task A_chunked_response_is_delivered_piece_by_piece()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        await PoolClient.WorkerPidAsync(host);

        var (first, end, body) = await ReadTimedAsync(host.BaseUrl + "/stream?n=4&ms=700", "piece 1 of 4");

        Assert.True(end - first >= TimeSpan.FromSeconds(1.4), $"the first piece came {(end - first).TotalMilliseconds:0} ms before the end: buffered");
        Assert.Contains("piece 4 of 4", body);
    }

    [Fact]
    public async Task A_large_chunked_request_body_streams_to_the_worker_unchanged()
    {
        await using var host = await PoolSetup.StartAsync(await WorkerApps.AspNetAsync());
        var payload = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        using var content = new StreamContent(new MemoryStream(payload)); // no Content-Length known up front: chunked
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await client.PostAsync(host.BaseUrl + "/digest", content);

        // The worker read it all, chunk by chunk: its length and SHA-256 are the client's.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{payload.Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload))}",
            (await response.Content.ReadAsStringAsync()).Trim());
    }

    /// <summary>Reads a response as it arrives: when <paramref name="marker"/> first appeared, when the body ended, and the body.</summary>
    private static async Task<(TimeSpan First, TimeSpan End, string Body)> ReadTimedAsync(string url, string marker)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var body = new StringBuilder();
        var buffer = new byte[4096];
        TimeSpan? first = null;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            body.Append(Encoding.UTF8.GetString(buffer, 0, n));
            if (first is null && body.ToString().Contains(marker, StringComparison.Ordinal)) first = clock.Elapsed;
        }
        Assert.True(first is not null, $"no '{marker}' in the body:\n{body}");
        return (first.Value, clock.Elapsed, body.ToString());
    }
}
