using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Wharf.Hosting.Kestrel.ZeroCopy;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

/// <summary>
/// File bodies sent by sendfile around Kestrel's output pipe: whole, in order with the
/// responses around them on one connection, to slow readers, and with keep-alive intact.
/// </summary>
public sealed class ZeroCopyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WwwHarness _www = new(output);
    private byte[] _big = [];

    public async Task InitializeAsync()
    {
        _big = new byte[3 * 1024 * 1024 + 17];
        new Random(4).NextBytes(_big);
        Directory.CreateDirectory(Path.Combine(_www.Root.Path, "wwwroot"));
        await File.WriteAllBytesAsync(Path.Combine(_www.Root.Path, "wwwroot", "big.bin"), _big);
        _www.WriteFile("wwwroot/small.txt", "small");
        // /zc/NAME?from=A&count=N sends that range of wwwroot/NAME by ZeroCopyFile; it says 501 when it could not.
        await _www.StartAsync(new WharfConfig { Sites = [WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding())] }, ServeZeroCopyAsync);
    }

    public async Task DisposeAsync() => await _www.DisposeAsync();

    private async Task ServeZeroCopyAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/zc", out var rest))
        {
            await next(context);
            return;
        }
        var path = Path.Combine(_www.Root.Path, "wwwroot", rest.Value!.TrimStart('/'));
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        var from = long.Parse(context.Request.Query["from"].FirstOrDefault() ?? "0");
        var count = long.Parse(context.Request.Query["count"].FirstOrDefault() ?? (length - from).ToString());
        context.Response.ContentType = "application/octet-stream";
        if (!await ZeroCopyFile.SendAsync(context, file, from, count)) context.Response.StatusCode = 501;
    }

    [Fact]
    public async Task A_large_file_arrives_whole_and_the_connection_stays_open()
    {
        using var client = await BinaryClient.ConnectAsync(_www.Port);
        await client.SendAsync("GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await client.ReadResponseAsync();
        Assert.Equal(200, first.Status);
        Assert.Equal(_big, first.Body);

        await client.SendAsync("GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        var second = await client.ReadResponseAsync();
        Assert.Equal("small", Encoding.ASCII.GetString(second.Body));
    }

    [Fact]
    public async Task Pipelined_responses_keep_their_order_around_zero_copy_bodies()
    {
        using var client = await BinaryClient.ConnectAsync(_www.Port);
        await client.SendAsync(
            "GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n" +
            "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n" +
            "GET /zc/big.bin?from=1000&count=70000 HTTP/1.1\r\nHost: x\r\n\r\n" +
            "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n" +
            "GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(_big, (await client.ReadResponseAsync()).Body);
        Assert.Equal("small", Encoding.ASCII.GetString((await client.ReadResponseAsync()).Body));
        Assert.Equal(_big.AsSpan(1000, 70000).ToArray(), (await client.ReadResponseAsync()).Body);
        Assert.Equal("small", Encoding.ASCII.GetString((await client.ReadResponseAsync()).Body));
        Assert.Equal(_big, (await client.ReadResponseAsync()).Body);
    }

    [Fact]
    public async Task A_reader_slower_than_the_socket_gets_every_byte()
    {
        // A small receive window fills the server's socket buffer, so sendfile meets EAGAIN and
        // the body goes on through the waiting path.
        using var client = await BinaryClient.ConnectAsync(_www.Port, receiveBuffer: 4096);
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = await client.ReadResponseAsync(readSize: 1024);
            Assert.Equal(_big, response.Body);
        }
    }

    [Fact]
    public async Task A_client_that_leaves_mid_body_does_not_disturb_the_next()
    {
        using (var leaving = await BinaryClient.ConnectAsync(_www.Port, receiveBuffer: 4096))
        {
            await leaving.SendAsync("GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            await leaving.ReadSomeAsync();
        }
        using var client = await BinaryClient.ConnectAsync(_www.Port);
        await client.SendAsync("GET /zc/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(_big, (await client.ReadResponseAsync()).Body);
    }

    [Fact]
    public async Task HTTP_1_0_gets_the_body_and_a_close()
    {
        using var client = await BinaryClient.ConnectAsync(_www.Port);
        await client.SendAsync("GET /zc/big.bin HTTP/1.0\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(_big, response.Body);
        Assert.True(await client.ClosedAsync());
    }

    private sealed record Response(int Status, Dictionary<string, string> Headers, byte[] Body);

    private sealed class BinaryClient(Socket socket) : IDisposable
    {
        private readonly MemoryStream _pending = new();

        public static async Task<BinaryClient> ConnectAsync(int port, int? receiveBuffer = null)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (receiveBuffer is { } size) socket.ReceiveBufferSize = size;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return new BinaryClient(socket);
        }

        public Task SendAsync(string text) => socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

        public async Task ReadSomeAsync() => await socket.ReceiveAsync(new byte[1024], SocketFlags.None);

        public async Task<bool> ClosedAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return _pending.Length == 0 && await socket.ReceiveAsync(new byte[1], SocketFlags.None, cts.Token) == 0;
        }

        public async Task<Response> ReadResponseAsync(int readSize = 65536)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            int headEnd;
            while ((headEnd = _pending.GetBuffer().AsSpan(0, (int)_pending.Length).IndexOf("\r\n\r\n"u8)) < 0)
                await FillAsync(readSize, cts.Token);
            var head = Encoding.ASCII.GetString(_pending.GetBuffer(), 0, headEnd).Split("\r\n");
            var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            var length = int.Parse(headers["Content-Length"]);
            while (_pending.Length < headEnd + 4 + length) await FillAsync(readSize, cts.Token);
            var body = _pending.GetBuffer().AsSpan(headEnd + 4, length).ToArray();
            var rest = _pending.GetBuffer().AsSpan(headEnd + 4 + length, (int)_pending.Length - headEnd - 4 - length).ToArray();
            _pending.SetLength(0);
            _pending.Write(rest);
            return new Response(int.Parse(head[0].Split(' ')[1]), headers, body);
        }

        private async Task FillAsync(int readSize, CancellationToken cancellationToken)
        {
            var buffer = new byte[readSize];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0) throw new IOException($"closed after {_pending.Length} bytes");
            _pending.Write(buffer, 0, read);
        }

        public void Dispose() => socket.Dispose();
    }
}
