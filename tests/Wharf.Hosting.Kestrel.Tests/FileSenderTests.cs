using System.IO.Pipelines;
using System.Net.Sockets;
using Wharf.Hosting.Kestrel.ZeroCopy;

namespace Wharf.Hosting.Kestrel.Tests;

/// <summary>A head by send(2) then a file range by sendfile(2), on a real loopback connection.</summary>
public sealed class FileSenderTests : IAsyncLifetime
{
    private readonly SupervisorSocket _listener = SupervisorSocket.Tcp();
    private readonly string _file = Path.GetTempFileName();
    private readonly byte[] _content = new byte[1024 * 1024 + 3];
    private Socket _client = null!;
    private Socket _server = null!;

    public async Task InitializeAsync()
    {
        new Random(9).NextBytes(_content);
        await File.WriteAllBytesAsync(_file, _content);
        _client = await _listener.ConnectAsync();
        _server = await _listener.Socket.AcceptAsync();
    }

    private FileSender Sender() => new(_server, new SkippingPipeWriter(new Pipe().Writer));

    private async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var at = 0;
        while (at < count)
        {
            var n = await _client.ReceiveAsync(buffer.AsMemory(at)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            if (n == 0) break;
            at += n;
        }
        return buffer[..at];
    }

    [Fact]
    public async Task The_head_then_exactly_the_range_arrive_in_order()
    {
        var head = "HTTP/1.1 200 OK\r\nContent-Length: 700000\r\n\r\n"u8.ToArray();
        using var file = File.OpenHandle(_file);

        // The client reads while the sender sends: the range is larger than the socket's buffers.
        var receiving = ReceiveAsync(head.Length + 700_000);
        long reported = 0;
        Assert.True(await Sender().SendAsync(head, file, 1000, 700_000, n => reported += n, CancellationToken.None));

        var received = await receiving;
        // The body bytes, as a draining service reports what a connection has been sent.
        Assert.Equal(700_000, reported);
        Assert.Equal(head, received[..head.Length]);
        Assert.Equal(_content.AsSpan(1000, 700_000).ToArray(), received[head.Length..]);
    }

    [Fact]
    public async Task An_empty_range_sends_the_head_alone()
    {
        var head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        using var file = File.OpenHandle(_file);

        Assert.True(await Sender().SendAsync(head, file, 0, 0, null, CancellationToken.None));

        Assert.Equal(head, await ReceiveAsync(head.Length));
    }

    [Fact]
    public async Task A_file_shorter_than_its_range_is_a_failure_not_a_short_body_passed_as_whole()
    {
        using var file = File.OpenHandle(_file);

        var receiving = ReceiveAsync(_content.Length);
        Assert.False(await Sender().SendAsync(ReadOnlyMemory<byte>.Empty, file, 0, _content.Length + 10, null, CancellationToken.None));
        _server.Shutdown(SocketShutdown.Send);

        Assert.Equal(_content, await receiving);
    }

    [Fact]
    public async Task A_client_that_has_gone_is_a_failure()
    {
        _client.Close();
        using var file = File.OpenHandle(_file);

        // The first send may still be taken into the buffer; the reset that answers it fails a later one.
        var sender = Sender();
        var results = new List<bool>();
        for (var i = 0; i < 3 && (results.Count == 0 || results[^1]); i++)
            results.Add(await sender.SendAsync("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), file, 0, _content.Length, null, CancellationToken.None));

        Assert.False(results[^1]);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        _listener.Dispose();
        File.Delete(_file);
        return Task.CompletedTask;
    }
}
