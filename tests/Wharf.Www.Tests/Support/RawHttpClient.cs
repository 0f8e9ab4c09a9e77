using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Www.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare socket, so a test sees exactly what the server did with the connection:
/// the Connection header, whether the response was whole, and whether it was closed or cut.
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    public static async Task<RawHttpClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new RawHttpClient(socket);
    }

    public Task SendAsync(string path, string host = "localhost") =>
        SendRawAsync($"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");

    public async Task SendRawAsync(string text) =>
        await _socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    public async Task<RawResponse> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            if (await FillAsync(cts.Token) == 0) throw new IOException("The server closed the connection before a whole response head");

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd);
        _start += headerEnd + 4;
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
            return new RawResponse(status, headers, await ReadChunkedAsync(cts.Token));
        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text) : 0;
        while (_end - _start < length)
            if (await FillAsync(cts.Token) == 0) throw new IOException($"The server closed the connection after {_end - _start} of {length} body bytes");
        var body = Encoding.UTF8.GetString(_buffer, _start, length);
        _start += length;
        return new RawResponse(status, headers, body);
    }

    // RFC 9112 §7.1, without chunk extensions or trailers (what Kestrel and www's lane write).
    private async Task<string> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                if (await FillAsync(cancellationToken) == 0) throw new IOException("The server closed the connection inside a chunked body");
            var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd), 16);
            _start += lineEnd + 2;
            while (_end - _start < size + 2)
                if (await FillAsync(cancellationToken) == 0) throw new IOException("The server closed the connection inside a chunk");
            body.Append(Encoding.UTF8.GetString(_buffer, _start, size));
            _start += size + 2;
            if (size == 0) return body.ToString();
        }
    }

    /// <summary>True when the server closed the connection cleanly (FIN) with nothing more to read.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        if (_end > _start) return false;
        try
        {
            return await FillAsync(cts.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end) _start = _end = 0;
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read;
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Connection => Headers.TryGetValue("Connection", out var value) ? value : null;
}
