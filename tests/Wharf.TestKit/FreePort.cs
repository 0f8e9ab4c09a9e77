using System.Net;
using System.Net.Sockets;

namespace Wharf.TestKit;

public static class FreePort
{
    private static int _next = 20000 + Environment.ProcessId % 20000;

    /// <summary>A loopback port nobody listens on now. Ports are handed out in sequence so parallel tests never pick the same one.</summary>
    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > 60000) Interlocked.Exchange(ref _next, 20000);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}
