using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Hosting.Native;

namespace Wharf.Hosting.Tests;

/// <summary>Two connected Unix stream sockets, as the supervisor makes for each service's control channel.</summary>
internal sealed class SocketPair : IDisposable
{
    public SocketPair()
    {
        Span<int> fds = stackalloc int[2];
        if (Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds) != 0)
            throw new IOException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        A = new Socket(new SafeSocketHandle(fds[0], ownsHandle: true));
        B = new Socket(new SafeSocketHandle(fds[1], ownsHandle: true));
    }

    public Socket A { get; }
    public Socket B { get; }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
