using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>
/// A worker as small as can be, on a unix socket or 127.0.0.1: it reads request heads, records
/// each (request line, Host, User-Agent) and answers with the status the test chooses, or never
/// answers, or closes the connection without a word.
/// </summary>
internal sealed class TinyWorker : IAsyncDisposable
{
    public const int Hang = 0;
    public const int Close = -1;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly Task _accepting;

    private TinyWorker(Socket listener, string endpoint, Func<Request, int> answer)
    {
        _listener = listener;
        Endpoint = endpoint;
        Answer = answer;
        _accepting = AcceptAsync();
    }

    /// <summary>As the supervisor's table spells it.</summary>
    public string Endpoint { get; }

    public Func<Request, int> Answer { get; set; }

    /// <summary>Every request head, as it arrives (before it is answered).</summary>
    public Channel<Request> Requests { get; } = Channel.CreateUnbounded<Request>();

    public static TinyWorker OnUnixSocket(string path, Func<Request, int> answer)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(16);
        return new TinyWorker(socket, "unix:" + path, answer);
    }

    public static TinyWorker OnLoopback(Func<Request, int> answer)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(16);
        return new TinyWorker(socket, "127.0.0.1:" + ((IPEndPoint)socket.LocalEndPoint!).Port, answer);
    }

    public async Task<Request> NextRequestAsync() =>
        await Requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                lock (_connections) _connections.Add(connection);
                _ = ServeAsync(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[8192];
        var pending = "";
        try
        {
            while (true)
            {
                var end = pending.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0) return;
                    pending += Encoding.ASCII.GetString(buffer, 0, read);
                    continue;
                }
                var head = pending[..end].Split("\r\n");
                pending = pending[(end + 4)..];
                var request = new Request(head[0], Header(head, "Host"), Header(head, "User-Agent"));
                var status = Answer(request);
                await Requests.Writer.WriteAsync(request);
                if (status == Hang) await Task.Delay(Timeout.Infinite, _stop.Token);
                if (status == Close)
                {
                    connection.Close();
                    return;
                }
                await connection.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status\r\nContent-Length: 0\r\n\r\n"), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static string? Header(string[] head, string name)
    {
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Equals(name, StringComparison.OrdinalIgnoreCase)) return line[(colon + 1)..].Trim();
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_connections)
            foreach (var c in _connections) c.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    internal sealed record Request(string Line, string? Host, string? UserAgent);
}
