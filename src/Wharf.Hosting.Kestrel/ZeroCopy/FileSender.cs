using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Hosting.Kestrel.ZeroCopy;

/// <summary>
/// Sends a response head and a file range straight to one connection's socket: the head by
/// send(2) with MSG_MORE, so it leaves in the same segment as the file's first bytes, the file
/// by sendfile(2), without copying it through user space.
/// </summary>
internal sealed class FileSender(Socket socket, SkippingPipeWriter writer)
{
    public const string ItemKey = "wharf.zero-copy";

    // When the socket's buffer is full (a slow reader), one ordinary send of this much waits for
    // room through the runtime's event loop; sendfile then takes over again.
    private const int StallChunk = 64 * 1024;

    public SkippingPipeWriter Writer { get; } = writer;

    /// <summary>False when the client went away; the caller then aborts the connection.</summary>
    /// <param name="sent">Told the body bytes of each successful send, as they go.</param>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> head, SafeFileHandle file, long offset, long count, Action<long>? sent, CancellationToken cancellationToken)
    {
        var fd = socket.SafeHandle.DangerousGetHandle();
        var sentHead = SendNow(fd, head.Span, more: count > 0);
        if (sentHead < 0) return false;
        if (sentHead < head.Length && !await SendWaitingAsync(head[(int)sentHead..], cancellationToken)) return false;

        var end = offset + count;
        while (offset < end)
        {
            var result = Native.sendfile(fd, file.DangerousGetHandle(), ref offset, (nint)Math.Min(end - offset, int.MaxValue));
            if (result > 0)
            {
                sent?.Invoke(result);
                continue;
            }
            if (result == 0) return false; // the file shrank under us; the response cannot be completed
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR) continue;
            if (errno != Native.EAGAIN) return false;

            var chunk = (int)Math.Min(StallChunk, end - offset);
            var buffer = ArrayPool<byte>.Shared.Rent(chunk);
            try
            {
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, chunk), offset, cancellationToken);
                if (read <= 0) return false;
                if (!await SendWaitingAsync(buffer.AsMemory(0, read), cancellationToken)) return false;
                offset += read;
                sent?.Invoke(read);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return true;
    }

    /// <summary>Bytes sent without waiting (0 when the buffer is full), or -1 when the connection is gone.</summary>
    private static unsafe long SendNow(nint fd, ReadOnlySpan<byte> bytes, bool more)
    {
        var flags = Native.MSG_DONTWAIT | Native.MSG_NOSIGNAL | (more ? Native.MSG_MORE : 0);
        fixed (byte* p = bytes)
        {
            while (true)
            {
                var sent = Native.send(fd, p, bytes.Length, flags);
                if (sent >= 0) return sent;
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EINTR) continue;
                return errno == Native.EAGAIN ? 0 : -1;
            }
        }
    }

    private async Task<bool> SendWaitingAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                if (sent <= 0) return false;
                bytes = bytes[sent..];
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }
}
