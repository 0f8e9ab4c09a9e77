using System.Net.Sockets;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// What a plain http socket answers to HTTP/2 (docs/www-sites-and-https.md says the same).
/// Kestrel chooses a connection's protocol by ALPN; without TLS there is none, and an endpoint
/// that speaks HTTP/1.1 speaks only that, so a client with prior knowledge of HTTP/2 (h2c) is
/// told HTTP_1_1_REQUIRED, and an h2c upgrade request is answered over HTTP/1.1.
/// </summary>
public sealed class CleartextHttp2Tests
{
    // RFC 9113 section 3.4: the connection preface, then an empty SETTINGS frame.
    private static readonly byte[] Preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];

    private const byte Goaway = 0x7;
    private const uint Http11Required = 0xd; // RFC 9113 section 7

    [Fact]
    public async Task Prior_knowledge_http2_on_a_plain_socket_is_refused_with_HTTP_1_1_REQUIRED_and_curl_gets_no_http2_answer()
    {
        await using var host = await WharfHost.StartAsync();

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", host.HttpPort);
        await socket.SendAsync(Preface);
        var frame = await ReadFrameAsync(socket);

        Assert.Equal(Goaway, frame.Type);
        Assert.Equal(Http11Required, ReadUInt32(frame.Payload, 4));

        var curl = await CommandResult.RunAsync("curl", ["-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_version}", host.BaseUrl + "/"]);
        Assert.False(curl.ExitCode == 0 && curl.StandardOutput == "2", curl.ToString());
    }

    [Fact]
    public async Task An_h2c_upgrade_request_is_answered_over_HTTP_1_1()
    {
        await using var host = await WharfHost.StartAsync();

        var curl = await CommandResult.RunAsync("curl", ["-sS", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", host.BaseUrl + "/"]);

        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.Equal("1.1 200", curl.StandardOutput);
    }

    private static async Task<(byte Type, byte[] Payload)> ReadFrameAsync(Socket socket)
    {
        // RFC 9113 section 4.1: 24-bit length, type, flags, 31-bit stream id, payload.
        var head = await ReadExactlyAsync(socket, 9);
        var length = (head[0] << 16) | (head[1] << 8) | head[2];
        return (head[3], await ReadExactlyAsync(socket, length));
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var at = 0; at < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(at), SocketFlags.None, timeout.Token);
            Assert.True(n > 0, $"the server closed the connection after {at} of {count} bytes");
            at += n;
        }
        return buffer;
    }

    private static uint ReadUInt32(byte[] bytes, int at) =>
        (uint)((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
}
