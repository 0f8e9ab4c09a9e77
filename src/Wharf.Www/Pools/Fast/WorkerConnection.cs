using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Www.Pools.Fast;

/// <summary>
/// One keep-alive connection to a worker: its socket and the buffer its responses are read into. Used by one request at a time; between requests it waits in
/// <see cref="WorkerConnections"/>.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    /// <summary>Most responses (head and body) arrive whole in one read of this size.</summary>
    public const int ReadBufferBytes = 16 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);

    private WorkerConnection(Socket socket) => _socket = socket;

    /// <summary>The response's head, parsed anew for each response.</summary>
    public ResponseHead Response { get; } = new();

    public byte[] Buffer => _buffer;

    /// <summary>When it went back to the pool (a timestamp of the pool's clock).</summary>
    public long IdleSince { get; set; }

    public static async ValueTask<WorkerConnection> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken) =>
        new(await WorkerClient.ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Whether an idle connection can take a request: the worker has neither closed it nor sent
    /// anything unasked (either makes the socket readable).
    /// </summary>
    public bool StillOpen()
    {
        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> into, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(into, SocketFlags.None, cancellationToken);

    /// <summary>A head larger than the buffer: the buffer doubles, keeping the <paramref name="filled"/> bytes read so far.</summary>
    public void GrowBuffer(int filled)
    {
        var grown = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, filled).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    public void Dispose()
    {
        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
