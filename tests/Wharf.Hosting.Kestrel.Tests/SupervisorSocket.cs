using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Wharf.Hosting.Kestrel.Tests;

/// <summary>
/// A listening socket the test holds as the supervisor does, and the copy of its descriptor a
/// service inherits (dup(2), as fork and exec would give it), to hand to the transport.
/// </summary>
internal sealed partial class SupervisorSocket : IDisposable
{
    private SupervisorSocket(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static SupervisorSocket Tcp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(16);
        return new SupervisorSocket(socket);
    }

    public static SupervisorSocket Unix(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(16);
        return new SupervisorSocket(socket);
    }

    public EndPoint EndPoint => Socket.LocalEndPoint!;

    /// <summary>The service's own descriptor for the same socket; the transport owns and closes it.</summary>
    public FileHandleEndPoint Inherited()
    {
        var fd = dup((int)Socket.SafeHandle.DangerousGetHandle());
        if (fd < 0) throw new IOException($"dup failed: errno {Marshal.GetLastPInvokeError()}");
        return new FileHandleEndPoint((ulong)fd, FileHandleType.Auto);
    }

    public async Task<Socket> ConnectAsync()
    {
        var client = new Socket(EndPoint.AddressFamily, SocketType.Stream, EndPoint.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        await client.ConnectAsync(EndPoint).WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>Whether the kernel still has the socket in the LISTEN state (SO_ACCEPTCONN), for every process holding it.</summary>
    public bool IsListening
    {
        get
        {
            Span<byte> value = stackalloc byte[4];
            Socket.GetRawSocketOption(SolSocket, SoAcceptConn, value);
            return BitConverter.ToInt32(value) != 0;
        }
    }

    private const int SolSocket = 1;
    private const int SoAcceptConn = 30;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup(int fd);

    public void Dispose() => Socket.Dispose();
}
