using System.Net.Sockets;
using System.Text;

namespace Wharf.Supervisor;

/// <summary>sd_notify(3): tells systemd (Type=notify), or a test harness, that the host is ready or stopping.</summary>
internal static class SystemdNotify
{
    public static void Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path)) return;
        // A leading '@' names a socket in the abstract namespace.
        if (path[0] == '@') path = "\0" + path[1..];
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // Nobody listening is not our failure.
        }
    }
}
